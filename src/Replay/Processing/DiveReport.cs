using System.Globalization;
using System.Text;
using RovDsp.Processing.Topics;

namespace RovDsp.Replay.Processing;

/// <summary>The processing run's Markdown report: inputs, feeds written, accuracy against truth, speed. The
/// speed lines are the only part that changes between runs of the same input.</summary>
public static class DiveReport
{
    /// <summary>The report's Markdown text.</summary>
    /// <param name="input">Name of the recording (as the user gave it).</param>
    /// <param name="result">The run.</param>
    /// <param name="accuracy">Its accuracy figures.</param>
    /// <param name="files">Output files written, relative names.</param>
    /// <param name="contacts">The side-scan contact section (<see cref="SideScanContactReport"/>), or null.</param>
    public static string Markdown(string input, DiveProcessResult result, DiveAccuracy accuracy, IReadOnlyList<string> files,
        string? contacts = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(accuracy);
        ArgumentNullException.ThrowIfNull(files);
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append(c, $"# Processed dive: {input}\n\n");
        md.Append(c, $"- Recorded span: {result.DurationSeconds:F1} s, {result.RawMessages} raw messages processed, {result.SkippedMessages} left out (channels with no processing, such as feeds, status and metrics recorded live)\n");
        md.Append(c, $"- Feed messages written: {result.Sink.Written}\n");
        md.Append(c, $"- Processing time: {result.Elapsed.TotalSeconds:F2} s, **{result.RealTimeFactor:F0}x real time**\n");
        if (result.HandlerErrors.Count > 0)
        {
            md.Append("- Refused input: ");
            md.Append(string.Join(", ", result.HandlerErrors.Select(e => $"{e.Key} {e.Value}")));
            md.Append('\n');
        }

        md.Append("\n## Accuracy against ground truth\n\n| figure | value |\n|---|---|\n");
        Row(md, "altitude estimates compared", accuracy.AltitudeSamples.ToString(c));
        Row(md, "altitude valid fraction", F(accuracy.AltitudeValidFraction * 100, "F1", "%"));
        Row(md, "altitude RMS error", F(accuracy.AltitudeRmsM * 100, "F1", " cm"));
        Row(md, "altitude p99 |error|", F(accuracy.AltitudeP99M * 100, "F1", " cm"));
        Row(md, "dry tonnes lifted error", F(accuracy.DryTonnesErrorPercent, "F2", " %"));
        Row(md, "wet tonnes lifted error", F(accuracy.WetTonnesErrorPercent, "F2", " %"));
        Row(md, "clog onset (truth)", F(accuracy.ClogOnsetS, "F1", " s"));
        Row(md, "clog warning delay after onset", F(accuracy.ClogWarningDelayS, "F1", " s"));
        Row(md, "false clog warnings", accuracy.FalseClogWarnings.ToString(c));
        md.Append("\n(n/a: the recording has no truth for that figure, or the feed never produced it.)\n");
        Obstacles(md, accuracy.Obstacles);
        md.Append(contacts);
        md.Append("\n## Files\n\n");
        foreach (var file in files)
        {
            md.Append(c, $"- `{file}`\n");
        }

        return md.ToString();
    }

    /// <summary>The obstacle detection section: one table column per sonar.</summary>
    private static void Obstacles(StringBuilder md, IReadOnlyList<ObstacleAccuracy> sensors)
    {
        if (sensors.Count == 0)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        md.Append("\n## Obstacle detection against ground truth\n\n| figure |");
        foreach (var s in sensors)
        {
            md.Append(c, $" {s.Sensor} ({(s.Kind == RawKind.Multibeam ? "imaging" : "scanning")}) |");
        }

        md.Append("\n|---|");
        foreach (var _ in sensors)
        {
            md.Append("---|");
        }

        md.Append('\n');
        Cells(md, "frames / sectors with an obstacles message", sensors, s => s.Frames.ToString(c));
        Cells(md, "obstacles reported", sensors, s => s.Reports.ToString(c));
        Cells(md, "frames scored against truth", sensors, s => s.ScoredFrames.ToString(c));
        Cells(md, "recall (found / must-see sightings)", sensors,
            s => s.Eligible > 0 ? F(s.Recall * 100, "F1", " %") + $" ({s.Found}/{s.Eligible})" : "n/a");
        Cells(md, "false obstacles per frame", sensors,
            s => s.ScoredFrames > 0 ? F(s.FalsePerFrame, "F3", "") + $" ({s.FalseObstacles})" : "n/a");
        Cells(md, "corridor obstacle", sensors, s => s.CorridorObstacle ?? "n/a");
        Cells(md, "corridor reports (reported / owed frames)", sensors,
            s => s.OwedFrames > 0 ? $"{s.ReportedFrames}/{s.OwedFrames}" : "n/a");
        Cells(md, "distance ahead when first owed", sensors, s => F(s.FirstOwedAheadM, "F1", " m"));
        Cells(md, "distance ahead when first reported", sensors, s => F(s.FirstReportedAheadM, "F1", " m"));
        md.Append("\nMatching as in the imaging-sonar accuracy tests: a sighting is must-see inside the fan 5° from its edges with its ")
            .Append("near face 1–19 m away; a report matches within 0.25 m of range and 2° beyond the object's half-width; a report ")
            .Append("explained by no obstacle is false. The recorded truth has no vertical beam gain, so every obstacle in the fan ")
            .Append("counts as must-see (recall can only be lower than the tests'). Scanning sonars have no truth in recordings: counts only.\n");
    }

    private static void Cells(StringBuilder md, string name, IReadOnlyList<ObstacleAccuracy> sensors, Func<ObstacleAccuracy, string> cell)
    {
        md.Append("| ").Append(name).Append(" |");
        foreach (var s in sensors)
        {
            md.Append(' ').Append(cell(s)).Append(" |");
        }

        md.Append('\n');
    }

    private static void Row(StringBuilder md, string name, string value) => md.Append("| ").Append(name).Append(" | ").Append(value).Append(" |\n");

    private static string F(double value, string format, string unit) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) + unit : "n/a";
}
