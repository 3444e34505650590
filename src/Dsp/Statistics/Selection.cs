namespace RovDsp.Dsp.Statistics;

/// <summary>Order statistics without sorting: the k-th smallest value and the median, in place.</summary>
public static class Selection
{
    /// <summary>The upper median of <paramref name="x"/> (<c>x[n/2]</c> of the sorted values; 0 when empty),
    /// reordering it.</summary>
    public static float UpperMedian(Span<float> x) => x.Length == 0 ? 0f : KthSmallest(x, x.Length / 2);

    /// <summary>
    /// The <paramref name="k"/>-th smallest value of <paramref name="x"/> (0-based: what <c>x[k]</c> would be after
    /// sorting), reordering <paramref name="x"/>: Hoare's quickselect with a median-of-three pivot, O(n) on average
    /// against the sort's O(n log n). For NaN-free input the value equals the sorted one exactly (it is one of the
    /// elements, not an interpolation); with NaNs the result is unspecified (check with <c>TensorPrimitives.IsNaNAny</c>).
    /// </summary>
    public static float KthSmallest(Span<float> x, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, x.Length);
        var lo = 0;
        var hi = x.Length - 1;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (x[mid] < x[lo])
            {
                (x[mid], x[lo]) = (x[lo], x[mid]);
            }
            if (x[hi] < x[lo])
            {
                (x[hi], x[lo]) = (x[lo], x[hi]);
            }
            if (x[hi] < x[mid])
            {
                (x[hi], x[mid]) = (x[mid], x[hi]);
            }
            var pivot = x[mid];
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (x[i] < pivot)
                {
                    i++;
                }
                while (x[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (x[i], x[j]) = (x[j], x[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }
        return x[k];
    }

}
