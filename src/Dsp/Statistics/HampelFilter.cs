namespace RovDsp.Dsp.Statistics;

/// <summary>
/// Classic centred Hampel outlier filter (Hampel 1974; Pearson 2002, "Outliers in process modeling and
/// identification"): a sample is replaced by the median of the 2k+1 samples centred on it when it lies more than
/// nSigma·σ̂ from that median, with σ̂ = scale·MAD and scale = 1.4826 (the MAD-to-σ factor for Gaussian data).
/// </summary>
/// <remarks>
/// Streaming with a latency of k samples: output n is the decision about input n−k, made once the k following
/// samples are known. Outputs 0..k−1 are 0 (the empty delay line). The first k inputs have no full left half-window
/// and are passed through unchanged, as in the usual reference implementations; every later input m is judged on
/// x[m−k..m+k]. The last k inputs of a finite signal are decided only when k more samples arrive (feed the
/// continuation of the signal, or repeat its end, to flush them). The test is strict, |x − median| &gt; nSigma·scale·MAD, so a constant window (MAD = 0) replaces
/// any sample that differs from it and leaves equal samples alone. Median and MAD are exact order statistics of the
/// float inputs; the deviation and threshold are evaluated in double, so decisions match a float64 numpy reference
/// on the same float32 values. <see cref="ReplacedCount"/> counts replaced samples. A NaN input is ordered by
/// the IEEE total order (as in <see cref="RunningMedian"/>); it is never replaced itself (comparisons with NaN are
/// false) and only disturbs decisions while it is in the window.
/// Bit-identical for any block splitting; in-place use is allowed.
/// </remarks>
public sealed class HampelFilter : IStreamProcessor
{
    private readonly float[] _ring;
    private readonly SortedBuffer _sorted;
    private readonly int _k;
    private readonly double _nSigma;
    private readonly double _scale;
    private int _next;
    private long _seen;

    /// <summary>Creates a Hampel filter.</summary>
    /// <param name="halfWindow">k: samples on each side of the judged one (window 2k+1), at least 1.</param>
    /// <param name="nSigma">Threshold in robust standard deviations (3 is usual); finite and &gt;= 0.</param>
    /// <param name="scale">MAD-to-σ factor; 1.4826 ≈ 1/Φ⁻¹(3/4) makes σ̂ consistent for Gaussian noise.</param>
    public HampelFilter(int halfWindow, double nSigma = 3.0, double scale = 1.4826)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(halfWindow, 1);
        if (!double.IsFinite(nSigma) || nSigma < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(nSigma), nSigma, "nSigma must be finite and >= 0");
        }
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be finite and > 0");
        }
        _k = halfWindow;
        _nSigma = nSigma;
        _scale = scale;
        _ring = new float[2 * halfWindow + 1];
        _sorted = new SortedBuffer(2 * halfWindow + 1);
    }

    /// <summary>k, the half window; also the latency in samples.</summary>
    public int HalfWindow => _k;

    /// <summary>Latency in samples: output n is the decision about input n − <see cref="Latency"/>.</summary>
    public int Latency => _k;

    /// <summary>Number of samples replaced by their window median since construction or <see cref="Reset"/>.</summary>
    public long ReplacedCount { get; private set; }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < input.Length)
        {
            throw new ArgumentException("output is shorter than input", nameof(output));
        }
        var ring = _ring;
        var w = ring.Length;
        var k = _k;
        var sorted = _sorted;
        var next = _next;
        var seen = _seen;
        var replaced = ReplacedCount;
        for (var i = 0; i < input.Length; i++)
        {
            var x = input[i];
            if (sorted.Count == w)
            {
                sorted.Replace(ring[next], x);
            }
            else
            {
                sorted.Insert(x);
            }
            ring[next] = x;
            next = next + 1 == w ? 0 : next + 1;
            seen++;

            // seen − 1 is the index n of x; the judged sample is m = n − k, stored k slots behind x.
            if (seen <= k)
            {
                output[i] = 0f;
                continue;
            }
            var centreSlot = next - 1 - k;
            if (centreSlot < 0)
            {
                centreSlot += w;
            }
            var centre = ring[centreSlot];
            if (seen < w)
            {
                // m < k: no full left half-window yet; pass through.
                output[i] = centre;
                continue;
            }
            var median = sorted[k];
            var mad = MedianAbsoluteDeviation(sorted, k);
            if (Math.Abs((double)centre - median) > _nSigma * (_scale * mad))
            {
                output[i] = median;
                replaced++;
            }
            else
            {
                output[i] = centre;
            }
        }
        _next = next;
        _seen = seen;
        ReplacedCount = replaced;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _sorted.Clear();
        Array.Clear(_ring);
        _next = 0;
        _seen = 0;
        ReplacedCount = 0;
    }

    /// <summary>
    /// Median of |s_i − s_k| over a sorted window of 2k+1 values whose median is s_k. The deviations below and
    /// above the median are each already ascending, so a merge walk of k steps outward from the median reaches the
    /// (k+1)-th smallest deviation without sorting a scratch array. The walk only moves two indices (a branch-free
    /// compare and conditional increments); the answer is then the larger of the last deviation taken on each side
    /// (a side that took nothing contributes s_k − s_k = 0).
    /// </summary>
    private static double MedianAbsoluteDeviation(SortedBuffer sorted, int k)
    {
        var values = sorted.Values;
        double m = values[k];
        var l = k - 1;
        var r = k + 1;
        for (var taken = 0; taken < k; taken++)
        {
            var takeLeft = m - values[l] <= values[r] - m ? 1 : 0;
            l -= takeLeft;
            r += 1 - takeLeft;
        }
        return Math.Max(m - values[l + 1], values[r - 1] - m);
    }
}
