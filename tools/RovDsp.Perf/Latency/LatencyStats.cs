using RovDsp.Processing.Metrics;

namespace RovDsp.Perf.Latency;

/// <summary>A latency distribution's summary, microseconds.</summary>
/// <param name="Count">Values recorded.</param>
/// <param name="P50">Median.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="P999">99.9th percentile.</param>
/// <param name="Max">Largest.</param>
public sealed record LatencyStats(long Count, double P50, double P90, double P99, double P999, double Max)
{
    /// <summary>An empty distribution.</summary>
    public static LatencyStats Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>The summary of what <paramref name="recorder"/> holds.</summary>
    public static LatencyStats Of(LatencyRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        return new LatencyStats(recorder.Count, recorder.Percentile(50), recorder.Percentile(90), recorder.Percentile(99),
            recorder.Percentile(99.9), recorder.Max);
    }
}
