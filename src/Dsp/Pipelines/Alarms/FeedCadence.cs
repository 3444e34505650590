namespace RovDsp.Dsp.Pipelines.Alarms;

/// <summary>
/// The measured message interval of every <see cref="AlarmFeed"/>: the median of the last
/// <see cref="Window"/> intervals between a feed's message timestamps. A median rather than a mean because the
/// interval that matters is the one a healthy sensor keeps: one long gap (an outage that has just ended) or a burst
/// of queued messages must not move it, or a sensor coming back from an outage would get a looser stale threshold
/// than before. Runtime state, kept apart from the rules (the design); nothing is allocated per observation.
/// </summary>
public sealed class FeedCadence
{
    /// <summary>How many recent intervals each feed's median is taken over.</summary>
    public const int Window = 9;

    private const int Feeds = 5;
    private readonly long[] _lastNs = new long[Feeds];
    private readonly long[] _intervals = new long[Feeds * Window];
    private readonly int[] _count = new int[Feeds];
    private readonly int[] _next = new int[Feeds];
    private readonly long[] _medianNs = new long[Feeds];

    /// <summary>Records that <paramref name="feed"/> produced a message stamped <paramref name="timestampNs"/>.
    /// Timestamps at or before the previous one (two sensors on one feed, a replayed message) add no interval.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="timestampNs">The message's acquisition time, ns since the Unix epoch.</param>
    public void Observe(AlarmFeed feed, long timestampNs)
    {
        var f = (int)feed;
        var last = _lastNs[f];
        if (timestampNs <= last)
        {
            return;
        }
        _lastNs[f] = timestampNs;
        if (last == 0)
        {
            return;
        }
        _intervals[f * Window + _next[f]] = timestampNs - last;
        _next[f] = (_next[f] + 1) % Window;
        if (_count[f] < Window)
        {
            _count[f]++;
        }
        _medianNs[f] = Median(_intervals.AsSpan(f * Window, _count[f]));
    }

    /// <summary>The feed's typical message interval, ns; 0 until two messages have been seen.</summary>
    /// <param name="feed">The feed.</param>
    public long IntervalNs(AlarmFeed feed) => _medianNs[(int)feed];

    /// <summary>Copies every feed's interval into <paramref name="inputs"/>.</summary>
    /// <param name="inputs">The alarm inputs to fill.</param>
    public void CopyTo(ref AlarmInputs inputs)
    {
        for (var f = 0; f < Feeds; f++)
        {
            inputs.SetInterval((AlarmFeed)f, _medianNs[f]);
        }
    }

    /// <summary>Forgets everything.</summary>
    public void Reset()
    {
        Array.Clear(_lastNs);
        Array.Clear(_intervals);
        Array.Clear(_count);
        Array.Clear(_next);
        Array.Clear(_medianNs);
    }

    // Median of at most Window values: sorted on the stack (9 values, an insertion sort is the cheapest).
    private static long Median(ReadOnlySpan<long> values)
    {
        Span<long> sorted = stackalloc long[Window];
        sorted = sorted[..values.Length];
        values.CopyTo(sorted);
        for (var i = 1; i < sorted.Length; i++)
        {
            var v = sorted[i];
            var j = i - 1;
            while (j >= 0 && sorted[j] > v)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = v;
        }
        var n = sorted.Length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
