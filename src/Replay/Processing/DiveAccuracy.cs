using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Processing.Feeds;

namespace RovDsp.Replay.Processing;

/// <summary>
/// Accuracy of the processed feeds against the recording's ground truth, where the recording has it (NaN
/// otherwise). Truth channels (written by the dive recorder): <c>truth/altitude</c> with <c>altitudeM</c>, and
/// <c>truth/slurry</c> with <c>dryTonnes</c>, <c>wetTonnes</c> (cumulative) and <c>clogRestriction</c> (&gt; 0
/// once the clog has begun), each at the log time of the sensor message it belongs to.
/// </summary>
/// <param name="AltitudeSamples">Valid altitude estimates compared with truth.</param>
/// <param name="AltitudeValidFraction">Fraction of altitude estimates in state <c>valid</c>.</param>
/// <param name="AltitudeRmsM">RMS altitude error over valid estimates, metres.</param>
/// <param name="AltitudeP99M">99th percentile of the absolute altitude error, metres.</param>
/// <param name="DryTonnesErrorPercent">Final dry tonnes lifted, error in % of truth.</param>
/// <param name="WetTonnesErrorPercent">Final wet (mixture) tonnes lifted, error in % of truth.</param>
/// <param name="ClogOnsetS">Truth clog onset, seconds after the first message (NaN: no clog).</param>
/// <param name="ClogWarningDelayS">First clog warning after the onset, seconds (NaN: none; negative: early).</param>
/// <param name="FalseClogWarnings">Clog warnings raised before the truth onset (or at all, without a clog).</param>
public sealed record DiveAccuracy(
    int AltitudeSamples, double AltitudeValidFraction, double AltitudeRmsM, double AltitudeP99M,
    double DryTonnesErrorPercent, double WetTonnesErrorPercent, double ClogOnsetS, double ClogWarningDelayS,
    int FalseClogWarnings)
{
    /// <summary>Obstacle detection figures per imaging and scanning sonar (<see cref="ObstacleAccuracy"/>).</summary>
    public IReadOnlyList<ObstacleAccuracy> Obstacles { get; init; } = [];

    /// <summary>Truth topic of the altitude.</summary>
    public const string AltitudeTruthTopic = "truth/altitude";

    /// <summary>Truth topic of the slurry line.</summary>
    public const string SlurryTruthTopic = "truth/slurry";

    /// <summary>Computes the figures from a processing run.</summary>
    /// <param name="result">The run.</param>
    /// <param name="vehicle">Vehicle id of the topics.</param>
    /// <param name="corridor">The vehicle's corridor (the imaging pipeline's default when null).</param>
    public static DiveAccuracy Compute(DiveProcessResult result, string vehicle = "rov1", CorridorSettings? corridor = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (samples, validFraction, rms, p99) = Altitude(result, vehicle);
        var (dry, wet, onset, delay, falseWarnings) = Slurry(result, vehicle);
        return new DiveAccuracy(samples, validFraction, rms, p99, dry, wet, onset, delay, falseWarnings)
        {
            Obstacles = ObstacleAccuracy.Compute(result, corridor ?? new MultibeamSettings().Corridor, vehicle),
        };
    }

    /// <summary>The first feed table whose topic is <c>rov/{vehicle}/feed/{feed}/...</c>.</summary>
    public static FeedTable? FeedTableOf(DiveProcessResult result, string feed, string vehicle = "rov1")
    {
        ArgumentNullException.ThrowIfNull(result);
        var prefix = $"rov/{vehicle}/feed/{feed}/";
        foreach (var table in result.Sink.Tables)
        {
            if (table.Topic.StartsWith(prefix, StringComparison.Ordinal))
            {
                return table;
            }
        }

        return null;
    }

    private static (int, double, double, double) Altitude(DiveProcessResult result, string vehicle)
    {
        var feed = FeedTableOf(result, FeedNames.Altitude, vehicle);
        var truth = result.TruthTable(AltitudeTruthTopic);
        if (feed is null || feed.Rows.Count == 0)
        {
            return (0, double.NaN, double.NaN, double.NaN);
        }

        var valid = 0;
        var errors = new List<double>();
        var truthTimes = truth is null ? [] : new long[truth.Rows.Count];
        for (var i = 0; i < truthTimes.Length; i++)
        {
            truthTimes[i] = truth!.Rows[i].LogTimeNs;
        }

        foreach (var row in feed.Rows)
        {
            if (row.Text("state") != "valid")
            {
                continue;
            }

            valid++;
            var k = Array.BinarySearch(truthTimes, row.LogTimeNs);
            if (k < 0)
            {
                continue;
            }

            var error = row.Number("altitudeM") - truth!.Rows[k].Number("altitudeM");
            if (double.IsFinite(error))
            {
                errors.Add(error);
            }
        }

        var fraction = (double)valid / feed.Rows.Count;
        if (errors.Count == 0)
        {
            return (0, fraction, double.NaN, double.NaN);
        }

        var sum = 0.0;
        var abs = new double[errors.Count];
        for (var i = 0; i < errors.Count; i++)
        {
            sum += errors[i] * errors[i];
            abs[i] = Math.Abs(errors[i]);
        }

        Array.Sort(abs);
        // Nearest-rank percentile (numpy's 'higher' method).
        var p99 = abs[Math.Min(abs.Length - 1, (int)Math.Ceiling(0.99 * abs.Length) - 1)];
        return (errors.Count, fraction, Math.Sqrt(sum / errors.Count), p99);
    }

    private static (double, double, double, double, int) Slurry(DiveProcessResult result, string vehicle)
    {
        var feed = FeedTableOf(result, FeedNames.Slurry, vehicle);
        var truth = result.TruthTable(SlurryTruthTopic);
        if (feed is null || feed.Rows.Count == 0 || truth is null || truth.Rows.Count == 0)
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN, 0);
        }

        var lastTruth = truth.Rows[^1];
        var dry = Percent(TonnesLifted.Over(feed, "dryTonnesToday"), lastTruth.Number(TruthField(truth, "cumulativeDryTonnes", "dryTonnes")));
        var wet = Percent(TonnesLifted.Over(feed, "wetTonnesToday"), lastTruth.Number(TruthField(truth, "cumulativeWetTonnes", "wetTonnes")));
        var onsetNs = long.MinValue;
        foreach (var row in truth.Rows)
        {
            if (row.Number("clogRestriction") > 0)
            {
                onsetNs = row.LogTimeNs;
                break;
            }
        }

        var falseWarnings = 0;
        var delay = double.NaN;
        var previous = false;
        foreach (var row in feed.Rows)
        {
            var warning = row.Text("clogWarning") == "true";
            if (warning && !previous)
            {
                if (onsetNs == long.MinValue || row.LogTimeNs < onsetNs)
                {
                    falseWarnings++;
                }
                else if (double.IsNaN(delay))
                {
                    delay = (row.LogTimeNs - onsetNs) / 1e9;
                }
            }

            previous = warning;
        }

        var onsetS = onsetNs == long.MinValue ? double.NaN : (onsetNs - result.StartNs) / 1e9;
        return (dry, wet, onsetS, delay, falseWarnings);
    }

    /// <summary><paramref name="preferred"/> when <paramref name="table"/> has that column, else
    /// <paramref name="fallback"/> (truth written by older recorders).</summary>
    public static string TruthField(FeedTable table, string preferred, string fallback)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var column in table.Columns)
        {
            if (column == preferred)
            {
                return preferred;
            }
        }

        return fallback;
    }

    private static double Percent(double estimate, double truth) =>
        truth > 0 ? 100.0 * (estimate - truth) / truth : double.NaN;
}
