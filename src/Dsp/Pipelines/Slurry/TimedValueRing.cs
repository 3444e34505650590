namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>
/// A fixed-capacity history of (time, value) pairs in time order, read with a forward-only cursor: the
/// alignment buffer that pairs a lagging densitometer with the flow reading of the same instant.
/// </summary>
internal sealed class TimedValueRing
{
    private readonly long[] _times;
    private readonly float[] _values;
    private long _count;

    public TimedValueRing(int capacity)
    {
        _times = new long[capacity];
        _values = new float[capacity];
    }

    public void Clear() => _count = 0;

    public void Push(long timeNs, float value)
    {
        var slot = (int)(_count % _times.Length);
        _times[slot] = timeNs;
        _values[slot] = value;
        _count++;
    }

    /// <summary>The latest entry at or before <paramref name="timeNs"/>; <paramref name="cursor"/> (start at −1)
    /// remembers the position, so a sequence of non-decreasing queries costs O(1) each on average.</summary>
    public bool TryAt(long timeNs, ref long cursor, out float value, out long valueTimeNs)
    {
        var oldest = Math.Max(0, _count - _times.Length);
        if (cursor < oldest)
        {
            cursor = oldest - 1;
        }
        while (cursor + 1 < _count && _times[(int)((cursor + 1) % _times.Length)] <= timeNs)
        {
            cursor++;
        }
        if (cursor < oldest)
        {
            value = 0f;
            valueTimeNs = 0;
            return false;
        }
        var slot = (int)(cursor % _times.Length);
        value = _values[slot];
        valueTimeNs = _times[slot];
        return true;
    }
}
