using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RovDsp.Dsp.Statistics;

/// <summary>
/// A fixed-capacity multiset of floats kept in ascending order, the shared core of the sliding order-statistic
/// objects (running median, Hampel filter, ordered-statistic CFAR). Insertion and removal find their slot by
/// binary search and move the elements in between with one overlapping <see cref="Span{T}.CopyTo"/> (a vectorised
/// memmove), which for windows up to a few hundred samples beats a balanced tree.
/// Ordering uses the IEEE-754 total order on the bit patterns (<see cref="Key"/>), not the float comparison
/// operators: NaN then has a fixed place (a negative-signed NaN, which x86 arithmetic produces, below −∞; a
/// positive one above +∞) and −0 sorts just below +0, so a NaN in the input can never corrupt the buffer;
/// order statistics that land on it are NaN.
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

    /// <summary>
    /// Removes one element with the bit pattern of <paramref name="oldValue"/> (which must be present) and inserts
    /// <paramref name="newValue"/>, moving only the elements between the two slots.
    /// </summary>
    public void Replace(float oldValue, float newValue)
    {
        var removeAt = LowerBound(oldValue, Count);
        if (Key(newValue) >= Key(oldValue))
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

    /// <summary>
    /// Total-order key: the float's bits as a signed integer with the magnitude bits of negative values flipped,
    /// so that integer order equals numeric order for all non-NaN values (−0 just below +0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Key(float value)
    {
        var bits = BitConverter.SingleToInt32Bits(value);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    /// <summary>First index in [0, end) whose key is &gt;= Key(<paramref name="value"/>) (end if none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LowerBound(float value, int end) => Bound(value, end, upper: false);

    /// <summary>First index in [0, end) whose key is &gt; Key(<paramref name="value"/>) (end if none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int UpperBound(float value, int end) => Bound(value, end, upper: true);

    /// <summary>
    /// First index in [0, end) whose key is &gt; (<paramref name="upper"/>) or &gt;= (otherwise)
    /// Key(<paramref name="value"/>), end if none.
    /// </summary>
    /// <remarks>Branch-free halving search: the data-dependent step is a conditional move, so random data costs
    /// no mispredictions; bounds checks are elided because every probe lies in [0, end). Always inlined with a
    /// constant <paramref name="upper"/>, so the JIT folds the choice of comparison away.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bound(float value, int end, bool upper)
    {
        if (end == 0)
        {
            return 0;
        }
        ref var v = ref MemoryMarshal.GetArrayDataReference(_values);
        var key = Key(value);
        var basePos = 0;
        var n = end;
        while (n > 1)
        {
            var half = n >> 1;
            basePos = Before(Key(Unsafe.Add(ref v, basePos + half - 1)), key, upper) ? basePos + half : basePos;
            n -= half;
        }
        return basePos + (Before(Key(Unsafe.Add(ref v, basePos)), key, upper) ? 1 : 0);
    }

    /// <summary>Whether an element of key <paramref name="k"/> lies before the bound for <paramref name="key"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(int k, int key, bool upper) => upper ? k <= key : k < key;
}
