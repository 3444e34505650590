using System.Diagnostics;
using HdrHistogram;

namespace RovDsp.Processing.Metrics;

/// <summary>
/// A latency distribution in microseconds (1 µs to 60 s at 3 significant digits), recorded from any thread
/// without allocating and without locks (HdrHistogram's <see cref="Recorder"/>), and read as percentiles for
/// the metrics topic, the terminal view and the latency harness. Reading moves what was recorded since the last
/// read into a cumulative histogram under a lock; a histogram that is being written cannot be read directly.
/// </summary>
public sealed class LatencyRecorder
{
    private const long Highest = 60_000_000;
    private readonly Recorder _recorder = new(1, Highest, 3, static (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));
    private readonly LongHistogram _total = new(1, Highest, 3);
    private readonly object _gate = new();
    private HistogramBase? _interval;

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long startTimestamp) => RecordMicroseconds(Stopwatch.GetElapsedTime(startTimestamp).Ticks / 10);

    /// <summary>Records one latency in microseconds (clamped to the histogram's range).</summary>
    public void RecordMicroseconds(long microseconds) => _recorder.RecordValue(Math.Clamp(microseconds, 1, Highest));

    /// <summary>How many latencies were recorded.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                Drain();
                return _total.TotalCount;
            }
        }
    }

    /// <summary>The latency at percentile <paramref name="percentile"/> (0–100), microseconds; 0 when empty.</summary>
    public double Percentile(double percentile)
    {
        lock (_gate)
        {
            Drain();
            return _total.TotalCount == 0 ? 0 : _total.GetValueAtPercentile(percentile);
        }
    }

    /// <summary>The largest latency recorded, microseconds.</summary>
    public long Max
    {
        get
        {
            lock (_gate)
            {
                Drain();
                return _total.TotalCount == 0 ? 0 : _total.GetMaxValue();
            }
        }
    }

    /// <summary>Forgets everything recorded.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Drain();
            _total.Reset();
        }
    }

    private void Drain()
    {
        _interval = _recorder.GetIntervalHistogram(_interval);
        _total.Add(_interval);
    }
}
