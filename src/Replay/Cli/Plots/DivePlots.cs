using RovDsp.Bridge.Feeds;
using RovDsp.Bridge.Offline;
using ScottPlot;

namespace RovDsp.Replay.Cli.Plots;

/// <summary>The <c>process</c> command's PNG plots (ScottPlot 5, rendered headless through SkiaSharp): altitude
/// against truth, slurry flow and tonnes lifted against truth, and the alarms on a time line. Times are seconds
/// from the recording's first message.</summary>
internal static class DivePlots
{
    private const int Width = 1200;
    private const int Height = 500;

    /// <summary>Writes the plots the run has data for; returns their file names.</summary>
    public static IReadOnlyList<string> Write(DiveProcessResult result, string folder, string vehicle)
    {
        var files = new List<string>();
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
