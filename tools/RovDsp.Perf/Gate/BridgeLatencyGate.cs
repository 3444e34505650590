using RovDsp.Perf.Latency;
using RovDsp.Processing.Topics;

namespace RovDsp.Perf.Gate;

/// <summary>
/// The gate's bridge latency measurement: the real bridge in process behind its embedded broker, fed the realistic
/// mix at 1x by the latency harness (<see cref="LatencyRun"/>) for <see cref="RunSeconds"/> after a 1 s warm-up,
/// <see cref="Runs"/> times; each ratio is the median over the runs (one run disturbed by a neighbour's build
/// cannot fail the gate). Ratios are to the stream's period: a worker whose p99 time per message approaches the
/// period is about to fall behind.
/// </summary>
public sealed class BridgeLatencyGate
{
    /// <summary>Runs whose median is reported.</summary>
    public const int Runs = 5;

    /// <summary>Measured seconds per run (100 pings, 4,000 slurry samples).</summary>
    public const double RunSeconds = 5;

    /// <summary>Ping period at 20 pings/s, µs.</summary>
    public const double PingPeriodUs = 1e6 / RealisticMix.PingRateHz;

    /// <summary>One slurry sensor's sample period at 100 Hz, µs.</summary>
    public const double SlurryPeriodUs = 1e6 / RealisticMix.SlurrySensorRateHz;

    private BridgeLatencyGate(double pingHandled, double slurryHandled, double pingEndToEnd)
    {
        PingHandledRatio = pingHandled;
        SlurryHandledRatio = slurryHandled;
        PingEndToEndRatio = pingEndToEnd;
    }

    /// <summary>p99 worker time per ping (dequeue to handled: decode, pipeline, feed JSON and publish) / ping period.</summary>
    public double PingHandledRatio { get; }

    /// <summary>p99 worker time per slurry sample / one sensor's sample period.</summary>
    public double SlurryHandledRatio { get; }

    /// <summary>p99 end-to-end latency of pings (raw publish to altitude feed received) / ping period.</summary>
    public double PingEndToEndRatio { get; }

    /// <summary>Measures; with <paramref name="sabotage"/> the ping handler is slowed by
    /// <see cref="LatencySabotageHandler"/>.</summary>
    public static BridgeLatencyGate Measure(bool sabotage)
    {
        var mix = RealisticMix.Generate(2.0);
        var run = new LatencyRun(mix)
        {
            WarmUp = TimeSpan.FromSeconds(1),
            // In process: the budgets are ratios set with this subscriber, and the gate runs beside the test suites in
            // CI, where two more processes printing every feed are load the QoS 0 tests around it feel.
            Subscriber = SubscriberKind.InProcess,
            Wrap = sabotage ? static (kind, h) => kind == RawKind.Echosounder ? new LatencySabotageHandler(h) : h : null,
        };
        var ping = new double[Runs];
        var slurry = new double[Runs];
        var e2e = new double[Runs];
        for (var i = 0; i < Runs; i++)
        {
            var r = run.RunAsync(BrokerKind.Embedded, 1, TimeSpan.FromSeconds(RunSeconds)).GetAwaiter().GetResult();
            ping[i] = r[MixKind.Ping].Handled.P99 / PingPeriodUs;
            slurry[i] = r[MixKind.Slurry].Handled.P99 / SlurryPeriodUs;
            // No feed at all is a failure, not a zero latency.
            e2e[i] = r[MixKind.Ping].EndToEnd.Count == 0 ? double.PositiveInfinity : r[MixKind.Ping].EndToEnd.P99 / PingPeriodUs;
        }

        return new BridgeLatencyGate(Median(ping), Median(slurry), Median(e2e));
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
