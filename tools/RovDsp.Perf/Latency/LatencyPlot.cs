using ScottPlot;

namespace RovDsp.Perf.Latency;

/// <summary>The <c>--png</c> plot: end-to-end p99 (solid) and p99.9 (dashed) against load, per stream and broker
/// (ScottPlot 5, headless), log-scaled latency in milliseconds.</summary>
public static class LatencyPlot
{
    /// <summary>Writes the plot of <paramref name="results"/> to <paramref name="path"/>.</summary>
    public static void Save(IReadOnlyList<LatencyResult> results, string path)
    {
        ArgumentNullException.ThrowIfNull(results);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var colour = 0;
        foreach (var broker in results.Select(r => r.Broker).Distinct())
        {
            foreach (var kind in new[] { MixKind.Ping, MixKind.Slurry, MixKind.Multibeam })
            {
                var runs = results.Where(r => r.Broker == broker).OrderBy(r => r.Load).ToArray();
                var xs = runs.Select(r => (double)r.Load).ToArray();
                var color = palette.GetColor(colour++);
                var name = $"{broker.ToString().ToLowerInvariant()} {kind.ToString().ToLowerInvariant()}";
                var p99 = plot.Add.Scatter(xs, runs.Select(r => Math.Log10(Math.Max(r[kind].EndToEnd.P99, 1) / 1000)).ToArray());
                p99.Color = color;
                p99.LegendText = name + " p99";
                var p999 = plot.Add.Scatter(xs, runs.Select(r => Math.Log10(Math.Max(r[kind].EndToEnd.P999, 1) / 1000)).ToArray());
                p999.Color = color;
                p999.LinePattern = LinePattern.Dashed;
                p999.LegendText = name + " p99.9";
            }
        }

        // Log scale: plot log10(ms) and label the ticks in ms.
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var ms in new[] { 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000 })
        {
            ticks.AddMajor(Math.Log10(ms), ms.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        plot.Axes.Left.TickGenerator = ticks;
        plot.Title("Bridge end-to-end latency vs load (publish → feed received)");
        plot.XLabel("load (copies of the realistic mix)");
        plot.YLabel("latency (ms, log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1200, 700);
    }
}
