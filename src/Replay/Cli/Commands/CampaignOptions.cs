using System.CommandLine;
using System.Globalization;
using System.Diagnostics;
using RovDsp.Bridge.Connection;
using RovDsp.Replay.Processing;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>
/// <c>process</c>'s campaign mode: several recordings (files, directories of <c>*.mcap</c>, quoted globs) processed
/// <c>--jobs</c> at a time into a folder each under <c>-o</c>, plus the campaign report (<see cref="CampaignReport"/>).
/// <c>--index k --count N</c> (or <c>JOB_COMPLETION_INDEX</c> for k) takes every N-th recording of the sorted list,
/// for a cluster's indexed batch jobs. Its options are added to <c>process</c> here so that command stays small.
/// </summary>
internal sealed class CampaignOptions
{
    /// <summary>Exit code when the campaign ran but at least one dive failed (the report lists them).</summary>
    public const int SomeDivesFailed = 5;

    /// <summary>The environment variable a Kubernetes indexed Job sets to the pod's index.</summary>
    public const string IndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The default of <c>--jobs</c>: half the processors (one dive keeps about two cores busy: a reader
    /// thread, two sonar workers and the applying thread), at least one.</summary>
    public static int DefaultJobs => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary><c>--jobs</c>.</summary>
    public Option<int> Jobs { get; } = new("--jobs", "-j")
    {
        Description = "Campaign: dives processed at once, each in its own process (default: half the processors, at least 1; one dive keeps about two cores busy). Exit code 5 when some dives failed.",
        DefaultValueFactory = _ => DefaultJobs,
    };

    /// <summary><c>--index</c>.</summary>
    public Option<int?> Index { get; } = new("--index")
    {
        Description = $"Campaign split: this part's index k (0..count-1); default ${IndexVariable} when --count is given.",
    };

    /// <summary><c>--count</c>.</summary>
    public Option<int?> Count { get; } = new("--count")
    {
        Description = "Campaign split: the number of parts N; this run takes the recordings at positions k, k+N, k+2N... of the sorted list.",
    };

    /// <summary><c>--report-only</c>.</summary>
    public Option<bool> ReportOnly { get; } = new("--report-only")
    {
        Description = "Campaign: process nothing; write campaign.md/csv/json from the dive-summary.json each dive's folder under -o already holds (after a split campaign's parts ran). A recording without one is listed as failed.",
    };

    /// <summary>Whether this invocation is a campaign: more than one input, a directory, a glob, or any campaign option.</summary>
    public bool Applies(ParseResult parse, IReadOnlyList<string> inputs) =>
        inputs.Count > 1 || Directory.Exists(inputs[0]) || Path.GetFileName(inputs[0]).AsSpan().IndexOfAny('*', '?') >= 0
        || parse.GetResult(Jobs) is { Implicit: false } || parse.GetValue(Index) is not null || parse.GetValue(Count) is not null
        || parse.GetValue(ReportOnly);

    /// <summary>Runs the campaign; returns the exit code.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="inputs">The recordings, directories and globs.</param>
    /// <param name="output">The campaign folder (-o), or null.</param>
    /// <param name="forward">The processing options each dive's job gets.</param>
    public int Run(ParseResult parse, IReadOnlyList<string> inputs, string? output, IReadOnlyList<string> forward)
    {
        var jobs = parse.GetValue(Jobs);
        if (jobs < 1)
        {
            return Usage("--jobs must be at least 1.");
        }

        if (output is null)
        {
            return Usage("a campaign needs -o DIR, the folder that gets a folder per dive and the campaign report.");
        }

        var count = parse.GetValue(Count);
        var index = parse.GetValue(Index);
        if (count is not null && index is null && Environment.GetEnvironmentVariable(IndexVariable) is { } fromEnvironment)
        {
            if (!int.TryParse(fromEnvironment, NumberStyles.None, CultureInfo.InvariantCulture, out var k))
            {
                return Usage($"{IndexVariable}='{fromEnvironment}' is not an index.");
            }

            index = k;
        }

        if ((index is null) != (count is null))
        {
            return Usage($"--index and --count go together (--count alone takes the index from {IndexVariable}).");
        }

        if (count is { } n && (n < 1 || index < 0 || index >= n))
        {
            return Usage("--count must be at least 1 and --index within 0..count-1.");
        }

        IReadOnlyList<(string Path, string Folder)> dives;
        try
        {
            dives = CampaignInputs.Expand(inputs);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return Usage(e.Message);
        }

        if (parse.GetValue(ReportOnly))
        {
            return Finish(new CampaignReport(dives.Select(d => Collected(output, d.Path, d.Folder)).ToList(), 0, double.NaN), output, "campaign");
        }

        var all = dives.Count;
        var name = "campaign";
        if (count is { } parts)
        {
            dives = CampaignInputs.Part(dives, index!.Value, parts);
            name = string.Create(CultureInfo.InvariantCulture, $"campaign-{index}-of-{parts}");
        }

        Directory.CreateDirectory(output);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"campaign: {dives.Count} of {all} recordings, {jobs} at a time, into {output}"));
        var clock = Stopwatch.StartNew();
        var summaries = CampaignProgress.Run(dives.Count, progress => new CampaignRunner(jobs, forward).Run(dives, output, progress));
        return Finish(new CampaignReport(summaries, jobs, clock.Elapsed.TotalSeconds), output, name);
    }

    /// <summary>Writes the report, prints the outcome and each failure; returns the exit code.</summary>
    private static int Finish(CampaignReport report, string output, string name)
    {
        var files = report.Write(output, name);
        var failed = report.Failed.Count();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"campaign: {report.Dives.Count - failed} dives processed, {failed} failed, in {report.WallSeconds:F1} s; {report.CpuSecondsPerDiveHour:F0} CPU-s per dive-hour; report {Path.Combine(output, files[0])}"));
        foreach (var dive in report.Failed)
        {
            Console.Error.WriteLine($"error: {dive.Input}: {dive.Error}");
        }

        return failed > 0 ? SomeDivesFailed : LinkExitCodes.Success;
    }

    /// <summary>The summary a dive's job left in its folder; a failure naming what is missing when there is none.</summary>
    private static DiveSummary Collected(string output, string input, string folder)
    {
        var path = Path.Combine(output, folder, DiveSummary.FileName);
        return File.Exists(path)
            ? DiveSummary.Read(path)
            : new DiveSummary { Input = input, Folder = folder, Error = $"not processed: {path} does not exist" };
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return LinkExitCodes.Usage;
    }
}
