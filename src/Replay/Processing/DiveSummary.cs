using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;

namespace RovDsp.Replay.Processing;

/// <summary>
/// One dive's line in a campaign report (<see cref="CampaignReport"/>): when it was, what it lifted, which alarms it
/// raised, how many obstacles the sonars reported, the altitude quality and how fast it was processed. Written by
/// each dive's job as <c>dive-summary.json</c> in its output folder, so a campaign report can be rebuilt from the
/// folders (a cluster's indexed jobs each write some of them). The altitude and obstacle figures are
/// <see cref="DiveAccuracy"/>'s and <see cref="ObstacleAccuracy"/>'s, the ones report.md shows.
/// </summary>
public sealed record DiveSummary
{
    /// <summary>File name of <c>dive-summary.json</c>.</summary>
    public const string FileName = "dive-summary.json";

    /// <summary>The recording as given (full path).</summary>
    public required string Input { get; init; }

    /// <summary>The dive's output folder, relative to the campaign folder.</summary>
    public required string Folder { get; init; }

    /// <summary>Why the dive failed; null when it was processed.</summary>
    public string? Error { get; init; }

    /// <summary>UTC day of the dive's first message (<c>yyyy-MM-dd</c>): the day the campaign report counts the whole
    /// dive under; empty for a failed dive.</summary>
    public string Day { get; init; } = string.Empty;

    /// <summary>Log time of the first message, ns since the epoch.</summary>
    public long StartNs { get; init; }

    /// <summary>Log time of the last message, ns since the epoch.</summary>
    public long EndNs { get; init; }

    /// <summary>Whether the dive runs past the end of its UTC day (its figures still count under <see cref="Day"/>).</summary>
    public bool CrossesMidnight { get; init; }

    /// <summary>Recorded duration, seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Raw sensor messages processed.</summary>
    public long RawMessages { get; init; }

    /// <summary>Dry tonnes lifted during the dive: the slurry feed's <c>dryTonnesToday</c> summed over each operating
    /// day it touches (the counter restarts at the operating day's start; <see cref="TonnesLifted"/>); NaN without a
    /// slurry feed.</summary>
    public double DryTonnes { get; init; } = double.NaN;

    /// <summary>Wet (mixture) tonnes lifted during the dive, as <see cref="DryTonnes"/> from <c>wetTonnesToday</c>.</summary>
    public double WetTonnes { get; init; } = double.NaN;

    /// <summary>Alarms raised (events with transition <c>raised</c>), by alarm name.</summary>
    public SortedDictionary<string, int> AlarmsRaised { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Obstacles reported (<see cref="ObstacleAccuracy.Reports"/>), by sonar id.</summary>
    public SortedDictionary<string, long> ObstacleReports { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Altitude estimates published (the denominator of <see cref="AltitudeValidFraction"/>).</summary>
    public int AltitudeEstimates { get; init; }

    /// <summary><see cref="DiveAccuracy.AltitudeValidFraction"/>.</summary>
    public double AltitudeValidFraction { get; init; } = double.NaN;

    /// <summary><see cref="DiveAccuracy.AltitudeSamples"/>.</summary>
    public int AltitudeSamples { get; init; }

    /// <summary><see cref="DiveAccuracy.AltitudeRmsM"/>.</summary>
    public double AltitudeRmsM { get; init; } = double.NaN;

    /// <summary><see cref="DiveAccuracy.AltitudeP99M"/>.</summary>
    public double AltitudeP99M { get; init; } = double.NaN;

    /// <summary>Wall time of the processing alone (<see cref="DiveProcessResult.Elapsed"/>), seconds.</summary>
    public double ProcessingSeconds { get; init; }

    /// <summary><see cref="DiveProcessResult.RealTimeFactor"/>.</summary>
    public double RealTimeFactor { get; init; }

    /// <summary>Wall time of the whole job (processing, CSVs, plots, report, process start), seconds.</summary>
    public double JobSeconds { get; init; }

    /// <summary>CPU time of the whole job (all its threads, user and system), seconds.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Peak resident memory of the job's process, bytes.</summary>
    public long PeakMemoryBytes { get; init; }

    /// <summary>JSON options of the summary and the campaign report: camelCase, indented, NaN as <c>"NaN"</c>.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The summary of a processed dive (the job's timing fields are left for the caller to set).</summary>
    /// <param name="input">The recording.</param>
    /// <param name="folder">Its output folder, relative to the campaign folder.</param>
    /// <param name="result">The run.</param>
    /// <param name="accuracy">Its accuracy figures (<see cref="DiveAccuracy.Compute"/>).</param>
    /// <param name="vehicle">Vehicle id of the topics.</param>
    public static DiveSummary From(string input, string folder, DiveProcessResult result, DiveAccuracy accuracy, string vehicle = "rov1")
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(accuracy);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(result.StartNs / 1_000_000).UtcDateTime;
        var end = DateTimeOffset.FromUnixTimeMilliseconds(result.EndNs / 1_000_000).UtcDateTime;
        var slurry = DiveAccuracy.FeedTableOf(result, FeedNames.Slurry, vehicle);
        var obstacles = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var sonar in accuracy.Obstacles)
        {
            obstacles[sonar.Sensor] = sonar.Reports;
        }

        return new DiveSummary
        {
            Input = input,
            Folder = folder,
            Day = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartNs = result.StartNs,
            EndNs = result.EndNs,
            CrossesMidnight = end.Date > start.Date,
            DurationSeconds = result.DurationSeconds,
            RawMessages = result.RawMessages,
            DryTonnes = slurry is null ? double.NaN : TonnesLifted.Over(slurry, "dryTonnesToday"),
            WetTonnes = slurry is null ? double.NaN : TonnesLifted.Over(slurry, "wetTonnesToday"),
            AlarmsRaised = AlarmsRaisedIn(result, vehicle),
            ObstacleReports = obstacles,
            AltitudeEstimates = DiveAccuracy.FeedTableOf(result, FeedNames.Altitude, vehicle)?.Rows.Count ?? 0,
            AltitudeValidFraction = accuracy.AltitudeValidFraction,
            AltitudeSamples = accuracy.AltitudeSamples,
            AltitudeRmsM = accuracy.AltitudeRmsM,
            AltitudeP99M = accuracy.AltitudeP99M,
            ProcessingSeconds = result.Elapsed.TotalSeconds,
            RealTimeFactor = result.RealTimeFactor,
        };
    }

    /// <summary>Reads a <c>dive-summary.json</c>.</summary>
    public static DiveSummary Read(string path) =>
        JsonSerializer.Deserialize<DiveSummary>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} holds no dive summary.");

    /// <summary>Writes this summary to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    private static SortedDictionary<string, int> AlarmsRaisedIn(DiveProcessResult result, string vehicle)
    {
        var raised = new SortedDictionary<string, int>(StringComparer.Ordinal);
        if (result.Sink.Table(new TopicScheme(vehicle).AlarmEvents) is { } events)
        {
            foreach (var row in events.Rows)
            {
                if (row.Text("transition") == "raised" && row.Text("alarm") is { } name)
                {
                    raised[name] = raised.GetValueOrDefault(name) + 1;
                }
            }
        }

        return raised;
    }
}
