namespace RovDsp.Dsp.Statistics;

/// <summary>
/// Causal sliding mean and variance over the last <see cref="Window"/> samples, as
/// <c>np.mean</c>/<c>np.var(ddof=…)</c> of each trailing window.
/// </summary>
/// <remarks>
/// Numerically stable for data with a large offset (1e4 + noise): the state is a double-precision Welford pair
/// (mean, M2 = Σ(x−mean)²). During warm-up each sample is added with Welford's update; once the window is full the
/// sliding form replaces the oldest sample x₀ by x: mean' = mean + (x − x₀)/w,
/// M2' = M2 + (x − x₀)(x − mean' + x₀ − mean), which is Welford's (1962, Technometrics 4, 419–420) add and
/// remove updates applied in one step. Every <see cref="Window"/> samples the pair is recomputed exactly
/// from the stored window with a two-pass sum, so rounding cannot drift over long streams (O(1) amortised, and
/// tied to the sample count, so block splitting does not change the output).
/// Warm-up: with n &lt; w samples seen, the statistics cover those n samples. Variance divides by count − ddof and
/// is 0 while count ≤ ddof. This type has two outputs, so it does not implement <see cref="IStreamProcessor"/>.
/// </remarks>
public sealed class RunningMeanVariance
{
    private readonly float[] _ring;
    private readonly int _ddof;
    private int _next;
    private int _count;
    private long _sinceResync;
    private double _mean;
    private double _m2;

    /// <summary>Creates the running statistics.</summary>
    /// <param name="window">Window length in samples, at least 1.</param>
    /// <param name="ddof">Delta degrees of freedom: 0 for the population variance (numpy's default), 1 for the
    /// sample variance.</param>
    public RunningMeanVariance(int window, int ddof = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (ddof is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ddof), ddof, "ddof must be 0 or 1");
        }
        Window = window;
        _ddof = ddof;
        _ring = new float[window];
    }

    /// <summary>Window length in samples.</summary>
    public int Window { get; }

    /// <summary>Delta degrees of freedom of the variance.</summary>
    public int Ddof => _ddof;

    /// <summary>
    /// Processes one block. <paramref name="mean"/> and <paramref name="variance"/> must each be at least as long
    /// as <paramref name="input"/>; either may be the input span itself (values are read before being written).
    /// </summary>
    public void Process(ReadOnlySpan<float> input, Span<float> mean, Span<float> variance)
    {
        if (mean.Length < input.Length)
        {
            throw new ArgumentException("mean is shorter than input", nameof(mean));
        }
        if (variance.Length < input.Length)
        {
            throw new ArgumentException("variance is shorter than input", nameof(variance));
        }
        var ring = _ring;
        var w = ring.Length;
        var next = _next;
        var count = _count;
        var since = _sinceResync;
        var mu = _mean;
        var m2 = _m2;
        for (var i = 0; i < input.Length; i++)
        {
            var x = input[i];
            if (count < w)
            {
                count++;
                var delta = x - mu;
                mu += delta / count;
                m2 += delta * (x - mu);
                ring[next] = x;
            }
            else
            {
                double old = ring[next];
                var newMean = mu + (x - old) / w;
                m2 += (x - old) * (x - newMean + old - mu);
                mu = newMean;
                ring[next] = x;
            }
            next = next + 1 == w ? 0 : next + 1;
            if (count == w && ++since == w)
            {
                since = 0;
                Resync(ring, out mu, out m2);
            }
            if (m2 < 0)
            {
                m2 = 0;
            }
            mean[i] = (float)mu;
            variance[i] = count > _ddof ? (float)(m2 / (count - _ddof)) : 0f;
        }
        _next = next;
        _count = count;
        _sinceResync = since;
        _mean = mu;
        _m2 = m2;
    }

    /// <summary>Returns the object to the state it had just after construction.</summary>
    public void Reset()
    {
        Array.Clear(_ring);
        _next = 0;
        _count = 0;
        _sinceResync = 0;
        _mean = 0;
        _m2 = 0;
    }

    /// <summary>Exact two-pass mean and M2 of a full window (the drift correction).</summary>
    private static void Resync(ReadOnlySpan<float> window, out double mean, out double m2)
    {
        var sum = 0.0;
        foreach (var v in window)
        {
            sum += v;
        }
        mean = sum / window.Length;
        var ss = 0.0;
        foreach (var v in window)
        {
            var d = v - mean;
            ss += d * d;
        }
        m2 = ss;
    }
}
