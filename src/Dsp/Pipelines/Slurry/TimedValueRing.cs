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

    public int Capacity => _times.Length;

    /// <summary>Time of the newest entry, or <see cref="long.MinValue"/> when empty.</summary>
    public long LastTimeNs => _count == 0 ? long.MinValue : _times[(int)((_count - 1) % _times.Length)];

    /// <summary>The entries from the latest one at or before <paramref name="fromNs"/> (or the oldest held, if none
    /// is) to the newest, in time order, leaving out any older than <paramref name="notBeforeNs"/>; for a checkpoint,
    /// so it allocates.</summary>
    public SlurryTimedReading[] Since(long fromNs, long notBeforeNs)
    {
        var oldest = Math.Max(0, _count - _times.Length);
        var first = oldest;
        for (var i = oldest; i < _count; i++)
        {
            if (_times[(int)(i % _times.Length)] <= fromNs)
            {
                first = i;
            }
        }

        while (first < _count && _times[(int)(first % _times.Length)] < notBeforeNs)
        {
            first++;
        }

        var result = new SlurryTimedReading[_count - first];
        for (var i = first; i < _count; i++)
        {
            var slot = (int)(i % _times.Length);
            result[i - first] = new SlurryTimedReading(_times[slot], _values[slot]);
        }

        return result;
    }

    public void Push(long timeNs, float value)
    {
        // Only after a restart can a reading be older than the newest (one redelivered from before the checkpoint,
        // behind the carried readings): it was counted already, and out of order it would stall the cursor.
        if (_count > 0 && timeNs < LastTimeNs)
        {
            return;
        }

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
