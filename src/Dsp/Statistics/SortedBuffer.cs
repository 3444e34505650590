namespace RovDsp.Dsp.Statistics;

/// <summary>
/// A fixed-capacity multiset of floats kept in ascending order, the shared core of the sliding order-statistic
/// objects (running median, Hampel filter, ordered-statistic CFAR). Insertion and removal find their slot by
/// binary search and move the elements in between with one overlapping <see cref="Span{T}.CopyTo"/> (a vectorised
/// memmove), which for windows up to a few hundred samples beats a balanced tree. Values must not be NaN: NaN has
/// no place in a total order and would corrupt the search.
/// </summary>
internal sealed class SortedBuffer
{
    private readonly float[] _values;

    /// <summary>Creates an empty buffer that can hold <paramref name="capacity"/> values.</summary>
    public SortedBuffer(int capacity) => _values = new float[capacity];

    /// <summary>Number of values held.</summary>
    public int Count { get; private set; }

    /// <summary>The values in ascending order.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count);

    /// <summary>The value of rank <paramref name="index"/> (0 = smallest).</summary>
    public float this[int index] => _values[index];

    /// <summary>Empties the buffer.</summary>
    public void Clear() => Count = 0;

    /// <summary>Adds a value (the buffer must not be full).</summary>
    public void Insert(float value)
    {
        var pos = UpperBound(value, Count);
        _values.AsSpan(pos, Count - pos).CopyTo(_values.AsSpan(pos + 1));
        _values[pos] = value;
        Count++;
    }

    /// <summary>Removes one element equal to <paramref name="value"/>, which must be present.</summary>
    public void Remove(float value)
    {
        var pos = LowerBound(value, Count);
        _values.AsSpan(pos + 1, Count - pos - 1).CopyTo(_values.AsSpan(pos));
        Count--;
    }

    /// <summary>
    /// Removes one element equal to <paramref name="oldValue"/> (which must be present) and inserts
    /// <paramref name="newValue"/>, moving only the elements between the two slots.
    /// </summary>
    public void Replace(float oldValue, float newValue)
    {
        var removeAt = LowerBound(oldValue, Count);
        if (newValue >= oldValue)
        {
            // Everything in (removeAt, target) slides one to the left; newValue lands just before target.
            var target = UpperBound(newValue, Count);
            _values.AsSpan(removeAt + 1, target - removeAt - 1).CopyTo(_values.AsSpan(removeAt));
            _values[target - 1] = newValue;
        }
        else
        {
            // Everything in [target, removeAt) slides one to the right; newValue lands at target.
            var target = UpperBound(newValue, removeAt);
            _values.AsSpan(target, removeAt - target).CopyTo(_values.AsSpan(target + 1));
            _values[target] = newValue;
        }
    }

    /// <summary>Median of the held values: the middle one, or the mean of the two middle ones (as numpy.median).</summary>
    public float Median()
    {
        var half = Count >> 1;
        return (Count & 1) == 1 ? _values[half] : 0.5f * (_values[half - 1] + _values[half]);
    }

    /// <summary>First index in [0, end) whose value is &gt;= <paramref name="value"/>.</summary>
    private int LowerBound(float value, int end)
    {
        var lo = 0;
        var hi = end;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_values[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>First index in [0, end) whose value is &gt; <paramref name="value"/>.</summary>
    private int UpperBound(float value, int end)
    {
        var lo = 0;
        var hi = end;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_values[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
