using System.Diagnostics;
using RovDsp.Replay.Recording;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Tests.Processing;
using RovDsp.Replay.Tests.Support;

namespace RovDsp.Replay.Tests.Cli;

/// <summary>
/// A small campaign for <see cref="CampaignCommandTests"/>: three simulated 45-second dives (mining starts 30 s in) at the shipped rates, two
/// on 2027-01-15 (UTC) and one on 2027-01-16, plus a corrupt recording (a cut-off copy of the first), in one folder;
/// and the campaign processed once with <c>--jobs 2</c>, which the tests check.
/// </summary>
public sealed class CampaignFixture : IDisposable
{
    private const long Day15 = 1_799_971_200L * 1_000_000_000L;
    private const long HourNs = 3_600L * 1_000_000_000L;

    public CampaignFixture()
    {
        Directory.CreateDirectory(Inputs);
        Write("a-nominal.mcap", ScenarioKind.Nominal, 1, Day15 + 1 * HourNs);
        Write("b-clog.mcap", ScenarioKind.Clog, 2, Day15 + 5 * HourNs);
        Write("c-obstacle.mcap", ScenarioKind.Obstacle, 3, Day15 + 26 * HourNs);
        var whole = File.ReadAllBytes(Path.Combine(Inputs, "a-nominal.mcap"));
        File.WriteAllBytes(Path.Combine(Inputs, "bad-cut.mcap"), whole.AsSpan(0, whole.Length / 3).ToArray());
        Jobs2 = Run(["process", Inputs, "-o", Path.Combine(Root, "jobs2"), "--jobs", "2", "--no-plots"]);
    }

    /// <summary>The temporary folder of everything.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "rovdsp-campaign-" + Guid.NewGuid().ToString("N"));

    /// <summary>The campaign's recordings.</summary>
    public string Inputs => Path.Combine(Root, "in");

    /// <summary>The good dives: file name without extension, and the UTC day it starts on.</summary>
    public static IReadOnlyList<(string Name, string Day)> Good { get; } =
        [("a-nominal", "2027-01-15"), ("b-clog", "2027-01-15"), ("c-obstacle", "2027-01-16")];

    /// <summary>The <c>--jobs 2</c> run.</summary>
    public (int ExitCode, string Output, string Error) Jobs2 { get; }

    public void Dispose()
    {
        // The dives' outputs were written by child processes (the campaign's workers), which the audit cannot see
        // closing their files: hand them over (the inputs were written here, and already kept).
        foreach (var file in Directory.EnumerateFiles(Root, "*.mcap", SearchOption.AllDirectories).Where(f => !f.StartsWith(Inputs, StringComparison.Ordinal)))
        {
            McapAudit.Include(file, "rovdsp-replay process, a campaign's worker");
        }

        Directory.Delete(Root, recursive: true);
    }

    /// <summary>Runs the built rovdsp-replay as a user does (dotnet rovdsp-replay.dll ...).</summary>
    public static (int ExitCode, string Output, string Error) Run(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepoFiles.ReplayCli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("JOB_COMPLETION_INDEX");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("rovdsp-replay did not finish in 3 minutes: " + string.Join(' ', args));
        }

        return (process.ExitCode, stdout, stderr.Result);
    }

    private void Write(string name, ScenarioKind kind, ulong seed, long startNs)
    {
        var dive = DiveScenario.Create(kind, seed, TimeSpan.FromSeconds(45)) with { StartTimeNs = startNs };
        new DiveRecorder(dive, DiveRecordingOptions.Shipped).Write(Path.Combine(Inputs, name));
    }
}
