using System.Globalization;

namespace RovDsp.Perf.Latency;

/// <summary>
/// <c>fleet [--vehicles 1,2,4,8] [--isolation 4,1] [--seconds N]</c>: the fleet harness (<see cref="FleetLatencyRun"/>,
/// issue 20) on mosquitto. Saturation: N vehicles at 1× the mix each in one bridge, N rising until a vehicle is past
/// the latency harness's saturation rule (end-to-end p99 of pings or slurry over 50 ms, sonar drops over 1 %, a slurry
/// queue at 512) or the publisher falls behind. Isolation: the vehicles at the loads given side by side (4,1: one at
/// 4× beside one at 1×), after the 1× vehicle alone, to compare its p99.
/// </summary>
public static class FleetLatencyCommand
{
    /// <summary>Runs the command; 0 on success, 2 on a usage error.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        int[] counts = [1, 2, 4, 8, 12, 16];
        int[]? isolation = null;
        var seconds = 10.0;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                int[] Ints() => [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                switch (args[i])
                {
                    case "--vehicles":
                        counts = Ints();
                        break;
                    case "--isolation":
                        isolation = Ints();
                        break;
                    case "--seconds":
                        seconds = double.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    default:
                        throw new ArgumentException($"unknown option {args[i]}");
                }
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            output.WriteLine("fleet: " + ex.Message);
            return 2;
        }

        var run = new FleetLatencyRun(RealisticMix.Generate());
        var duration = TimeSpan.FromSeconds(seconds);
        output.WriteLine("bridge  vehicle load | ping e2e p50    p99 | slurry e2e p50    p99 | obstacles e2e p99 | sonar drops | slurry max queue | cores  cores/veh  RSS MB/veh  managed MB/veh | verdict");
        if (isolation is not null)
        {
            Print(output, "alone", run.RunAsync([isolation[^1]], duration).GetAwaiter().GetResult());
            Print(output, string.Join("+", isolation.Select(l => l + "x")), run.RunAsync(isolation, duration).GetAwaiter().GetResult());
            return 0;
        }

        var past = 0;
        foreach (var n in counts)
        {
            var result = run.RunAsync([.. Enumerable.Repeat(1, n)], duration).GetAwaiter().GetResult();
            if (Print(output, n + " veh", result) is not null && ++past == 2)
            {
                break;
            }
        }

        return 0;
    }

    // One row per vehicle; returns why the run is past saturation, or null.
    private static string? Print(TextWriter output, string label, FleetLatencyRun.Result r)
    {
        string? verdict = null;
        if (r.PublisherLateness.P99 > SaturationRule.MaxPublisherLatenessUs)
        {
            verdict = $"publisher p99 {r.PublisherLateness.P99 / 1000:F1} ms behind";
        }

        foreach (var v in r.Vehicles)
        {
            var why = v.Ping.P99 > SaturationRule.MaxEndToEndP99Us ? $"{v.Vehicle} ping e2e p99 {v.Ping.P99 / 1000:F1} ms"
                : v.Slurry.P99 > SaturationRule.MaxEndToEndP99Us ? $"{v.Vehicle} slurry e2e p99 {v.Slurry.P99 / 1000:F1} ms"
                : v.SonarDropped > SaturationRule.MaxSonarDropFraction * v.SonarPublished ? $"{v.Vehicle} sonar drops {v.SonarDropped}/{v.SonarPublished}"
                : v.SlurryMaxDepth >= SaturationRule.SlurryBacklogDepth ? $"{v.Vehicle} slurry queue {v.SlurryMaxDepth}"
                : null;
            verdict ??= why;
        }

        var n = r.Vehicles.Count;
        foreach (var v in r.Vehicles)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-7} {v.Vehicle,-7} {v.Load,3}x | {v.Ping.P50 / 1000,8:F2} {v.Ping.P99 / 1000,6:F2} | {v.Slurry.P50 / 1000,10:F2} {v.Slurry.P99 / 1000,6:F2} | {v.Multibeam.P99 / 1000,17:F2} | {v.SonarDropped,5}/{v.SonarPublished,-5} | {v.SlurryMaxDepth,16} | {r.Cores,5:F2} {r.Cores / n,9:F3} {r.RssGrowthMb / n,11:F1} {r.ManagedGrowthMb / n,15:F1} | {verdict ?? "within"}"));
        }

        return verdict;
    }
}
