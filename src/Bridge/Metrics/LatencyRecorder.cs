using System.Diagnostics;
using HdrHistogram;

namespace RovDsp.Bridge.Metrics;

/// <summary>
/// A latency distribution in microseconds, recorded without allocation from any thread (HdrHistogram's
/// concurrent histogram: 1 µs to 60 s at 3 significant digits), read as percentiles for the metrics topic,
/// the terminal view and the latency harness.
/// </summary>
public sealed class LatencyRecorder
{
    private readonly LongConcurrentHistogram _histogram = new(1, 60_000_000, 3);

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long startTimestamp) => RecordMicroseconds(Stopwatch.GetElapsedTime(startTimestamp).Ticks / 10);

    /// <summary>Records one latency in microseconds (clamped to the histogram's range).</summary>
    public void RecordMicroseconds(long microseconds) =>
        _histogram.RecordValue(Math.Clamp(microseconds, 1, 60_000_000));

    /// <summary>How many latencies were recorded.</summary>
    public long Count => _histogram.TotalCount;

    /// <summary>The latency at percentile <paramref name="percentile"/> (0–100), microseconds; 0 when empty.</summary>
    public double Percentile(double percentile) =>
        _histogram.TotalCount == 0 ? 0 : _histogram.GetValueAtPercentile(percentile);

    /// <summary>The largest latency recorded, microseconds.</summary>
    public long Max => _histogram.TotalCount == 0 ? 0 : _histogram.GetMaxValue();

    /// <summary>Forgets everything recorded.</summary>
    public void Reset() => _histogram.Reset();
}
