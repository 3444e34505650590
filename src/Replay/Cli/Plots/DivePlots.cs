using System.Text.Json;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Wire;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Processing;
using ScottPlot;

namespace RovDsp.Replay.Cli.Plots;

/// <summary>The <c>process</c> command's PNG plots (ScottPlot 5, rendered headless through SkiaSharp): altitude
/// against truth, slurry flow and tonnes lifted against truth, the alarms on a time line, and per imaging sonar a
/// waterfall of what lies straight ahead (the centre beams' echo against range and time, the reported nearest
/// obstacle in the corridor drawn over it). Times are seconds from the recording's first message.</summary>
internal static class DivePlots
{
    private const int Width = 1200;
    private const int Height = 500;

    /// <summary>Most waterfall columns (frames kept, evenly in time).</summary>
    private const int WaterfallColumns = 1200;

    /// <summary>Beams either side of the centre whose maximum makes the waterfall's column (about ±1° at 256
    /// beams over 130°: the corridor's width at 10 m).</summary>
    private const int CentreHalfBeams = 2;

    /// <summary>Writes the plots the run has data for; returns their file names.</summary>
    /// <param name="result">The run.</param>
    /// <param name="folder">Output folder.</param>
    /// <param name="vehicle">Vehicle id of the topics.</param>
    /// <param name="recording">The recording processed (the waterfalls read its raw imaging-sonar frames).</param>
    public static IReadOnlyList<string> Write(DiveProcessResult result, string folder, string vehicle, string recording)
    {
        var files = new List<string>();
        foreach (var (sensor, kind) in result.Sensors)
        {
            if (kind == RawKind.Multibeam && Waterfall(result, recording, vehicle, sensor) is { } waterfall)
            {
                files.Add(Save(waterfall, folder, $"plot-waterfall-{sensor}.png"));
            }
        }

        var start = result.StartNs;
        if (DiveAccuracy.FeedTableOf(result, FeedNames.Altitude, vehicle) is { } altitude)
        {
            var plot = new Plot();
            Line(plot, altitude, "altitudeM", start, "estimate", row => row.Text("state") == "valid");
            if (result.TruthTable(DiveAccuracy.AltitudeTruthTopic) is { } truth)
            {
                Line(plot, truth, "altitudeM", start, "truth", null);
            }

            plot.Title("Altitude above the seabed");
            plot.XLabel("time (s)");
            plot.YLabel("altitude (m)");
            plot.ShowLegend();
            files.Add(Save(plot, folder, "plot-altitude.png"));
        }

        if (DiveAccuracy.FeedTableOf(result, FeedNames.Slurry, vehicle) is { } slurry)
        {
            var truth = result.TruthTable(DiveAccuracy.SlurryTruthTopic);
            var flow = new Plot();
            Line(flow, slurry, "flowM3h", start, "flow (m³/h)", null);
            Line(flow, slurry, "drySolidsTph", start, "dry solids (t/h)", null);
            if (truth is not null)
            {
                Line(flow, truth, DiveAccuracy.TruthField(truth, "flowM3PerHour", "flowM3h"), start, "flow truth", null);
                Line(flow, truth, "drySolidsTph", start, "dry solids truth", null);
            }

            flow.Title("Slurry flow");
            flow.XLabel("time (s)");
            flow.ShowLegend();
            files.Add(Save(flow, folder, "plot-slurry-flow.png"));

            var tonnes = new Plot();
            Line(tonnes, slurry, "dryTonnesToday", start, "dry tonnes", null);
            Line(tonnes, slurry, "wetTonnesToday", start, "wet tonnes", null);
            if (truth is not null)
            {
                Line(tonnes, truth, DiveAccuracy.TruthField(truth, "cumulativeDryTonnes", "dryTonnes"), start, "dry truth", null);
                Line(tonnes, truth, DiveAccuracy.TruthField(truth, "cumulativeWetTonnes", "wetTonnes"), start, "wet truth", null);
            }

            tonnes.Title("Tonnes lifted");
            tonnes.XLabel("time (s)");
            tonnes.YLabel("t");
            tonnes.ShowLegend();
            files.Add(Save(tonnes, folder, "plot-tonnes.png"));
        }

        var events = result.Sink.Table($"rov/{vehicle}/alarms/events");
        var alarms = new Plot();
        var names = new List<string>();
        var raisedAt = new Dictionary<string, double>(StringComparer.Ordinal);
        var end = (result.EndNs - start) / 1e9;
        if (events is not null)
        {
            foreach (var row in events.Rows)
            {
                var name = row.Text("alarm") ?? "?";
                if (!names.Contains(name))
                {
                    names.Add(name);
                }

                var t = (row.LogTimeNs - start) / 1e9;
                if (row.Text("transition") == "raised")
                {
                    raisedAt[name] = t;
                }
                else if (raisedAt.Remove(name, out var from))
                {
                    Bar(alarms, names.IndexOf(name), from, t);
                }
            }
        }

        foreach (var (name, from) in raisedAt)
        {
            Bar(alarms, names.IndexOf(name), from, end);
        }

        var positions = new double[names.Count];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }

        alarms.Axes.Left.SetTicks(positions, names.ToArray());
        alarms.Axes.SetLimits(0, Math.Max(1, end), -1, Math.Max(1, names.Count));
        alarms.Title(names.Count == 0 ? "Alarms (none raised)" : "Alarms (active intervals)");
        alarms.XLabel("time (s)");
        files.Add(Save(alarms, folder, "plot-alarms.png"));
        return files;
    }

    /// <summary>
    /// The imaging sonar's centre-beam waterfall: for each kept frame, the maximum over the centre beams of the raw
    /// 8-bit echo at each range bin, as a column; time across, range ahead up. What an engineer scrolls through to
    /// see an obstacle approach (a line closing in on zero range), the seabed's return and shadows, and whether the
    /// pipeline's nearest-in-corridor report (dots) sits on the echo. Null when the sensor has no decodable frame.
    /// </summary>
    private static Plot? Waterfall(DiveProcessResult result, string recording, string vehicle, string sensor)
    {
        using var reader = McapReader.Open(recording);
        var summary = reader.ReadSummary();
        var topic = new TopicScheme(vehicle).Raw(RawKind.Multibeam, sensor);
        var ids = new HashSet<ushort>();
        foreach (var (id, channel) in summary.Channels)
        {
            if (channel.Topic == topic)
            {
                ids.Add(id);
            }
        }

        if (ids.Count == 0)
        {
            return null;
        }

        var codec = new MultibeamFrameCodec();
        var span = Math.Max(1, result.EndNs - result.StartNs);
        var minGapNs = span / WaterfallColumns;
        var columns = new List<(double T, double[] Column)>();
        var lastNs = long.MinValue;
        double rangeStart = 0, rangeStep = 0;
        var bins = 0;
        foreach (var message in reader.ReadMessages(channelIds: ids))
        {
            var t = (long)message.LogTime;
            if (lastNs != long.MinValue && t - lastNs < minGapNs)
            {
                continue;
            }

            if (codec.TryDecode(message.Data.Span, out var frame) != WireError.None || frame is null
                || (frame.ByteSamples.Length == 0 && frame.FloatSamples.Length < frame.BeamCount * frame.BinCount))
            {
                continue;
            }

            if (bins != 0 && frame.BinCount != bins)
            {
                continue; // a range change mid-dive: keep the first geometry's columns comparable
            }

            lastNs = t;
            bins = frame.BinCount;
            rangeStart = frame.StartRangeM;
            rangeStep = frame.RangeResolutionM;
            columns.Add(((t - result.StartNs) / 1e9, CentreColumn(frame)));
        }

        if (columns.Count < 2)
        {
            return null;
        }

        // Row 0 is drawn at the top: the farthest bin.
        var intensities = new double[bins, columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            for (var r = 0; r < bins; r++)
            {
                intensities[bins - 1 - r, c] = columns[c].Column[r];
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Turbo();
        heatmap.Rectangle = new CoordinateRect(columns[0].T, columns[^1].T, rangeStart, rangeStart + bins * rangeStep);
        plot.Add.ColorBar(heatmap);

        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var row in result.Sink.Table(new TopicScheme(vehicle).Feed(FeedNames.Obstacles, sensor))?.Rows ?? [])
        {
            if (row.Json is null)
            {
                continue;
            }

            using var document = JsonDocument.Parse(row.Json);
            if (document.RootElement.TryGetProperty("nearest", out var nearest) && nearest.ValueKind == JsonValueKind.Object
                && nearest.TryGetProperty("rangeM", out var range) && range.ValueKind == JsonValueKind.Number)
            {
                xs.Add((row.LogTimeNs - result.StartNs) / 1e9);
                ys.Add(range.GetDouble());
            }
        }

        if (xs.Count > 0)
        {
            var dots = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
            dots.MarkerSize = 3;
            dots.Color = Colors.White;
            dots.LegendText = "nearest obstacle in the corridor (reported)";
            plot.ShowLegend();
        }

        plot.Axes.SetLimits(columns[0].T, columns[^1].T, rangeStart, rangeStart + bins * rangeStep);
        plot.Title($"Imaging sonar {sensor}: echo straight ahead (centre beams, raw samples)");
        plot.XLabel("time (s)");
        plot.YLabel("range (m)");
        return plot;
    }

    /// <summary>Maximum over the centre beams (bearing nearest 0, ±<see cref="CentreHalfBeams"/>) at each bin.</summary>
    // 8-bit frames (the simulator's) carry byte samples, imported Oculus pings float samples (their 8- or 16-bit
    // values); the heatmap scales its colours to whichever range it gets.
    private static double[] CentreColumn(MultibeamFrame frame)
    {
        var beams = frame.BeamCount;
        var bins = frame.BinCount;
        var centre = 0;
        for (var b = 1; b < beams; b++)
        {
            if (Math.Abs(frame.BearingsRad[b]) < Math.Abs(frame.BearingsRad[centre]))
            {
                centre = b;
            }
        }

        var column = new double[bins];
        var bytes = frame.ByteSamples.Length > 0;
        for (var b = Math.Max(0, centre - CentreHalfBeams); b <= Math.Min(beams - 1, centre + CentreHalfBeams); b++)
        {
            for (var r = 0; r < bins; r++)
            {
                var i = frame.Layout == MultibeamLayout.RangeMajor ? r * beams + b : b * bins + r;
                column[r] = Math.Max(column[r], bytes ? frame.ByteSamples[i] : frame.FloatSamples[i]);
            }
        }

        return column;
    }

    private static void Line(Plot plot, FeedTable table, string field, long startNs, string label, Func<FeedRow, bool>? keep)
    {
        var xs = new List<double>(table.Rows.Count);
        var ys = new List<double>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var y = row.Number(field);
            if (double.IsFinite(y) && (keep is null || keep(row)))
            {
                xs.Add((row.LogTimeNs - startNs) / 1e9);
                ys.Add(y);
            }
        }

        if (xs.Count == 0)
        {
            return;
        }

        var scatter = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
        scatter.MarkerSize = 0;
        scatter.LineWidth = 1.5f;
        scatter.LegendText = label;
    }

    private static void Bar(Plot plot, int row, double from, double to)
    {
        var line = plot.Add.Line(from, row, Math.Max(to, from + 0.2), row);
        line.LineWidth = 10;
        line.MarkerSize = 0;
    }

    private static string Save(Plot plot, string folder, string name)
    {
        plot.SavePng(Path.Combine(folder, name), Width, Height);
        return name;
    }
}
