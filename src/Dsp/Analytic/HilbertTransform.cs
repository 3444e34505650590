using System.Numerics.Tensors;
using RovDsp.Dsp.Fft;

namespace RovDsp.Dsp.Analytic;

/// <summary>
/// Analytic signal and envelope of a real block by FFT, with the semantics of <c>scipy.signal.hilbert(x, N)</c>:
/// x is truncated or zero-padded to N samples, its spectrum is kept at DC (and at Nyquist for even N), doubled at
/// positive and zeroed at negative frequencies, and the inverse FFT is the analytic signal x + j·H{x}. A plan object
/// for one transform length N: FFT plan and scratch are allocated in the constructor, the transforms allocate nothing.
/// Not thread-safe.
/// </summary>
/// <remarks>
/// The real part of scipy's result is x itself (up to rounding), so only the imaginary part is computed, as the
/// inverse real FFT of -j·sign(f)·X(f) (zero at DC and Nyquist). That spectrum is Hermitian, so one real FFT pair of
/// length N does the work of scipy's complex FFT pair. The FFT wraps around: like scipy, the result is the
/// circular analytic signal of the N-sample block, with edge effects at both ends.
/// </remarks>
public sealed class HilbertTransform
{
    private readonly RealFftPlan _plan;
    private readonly float[] _time;
    private readonly float[] _re;
    private readonly float[] _im;

    /// <summary>Builds the plan for transform length <paramref name="length"/> (scipy's N).</summary>
    /// <param name="length">Transform length N (≥ 1); any length, though lengths with small prime factors are fastest.</param>
    public HilbertTransform(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
        _plan = new RealFftPlan(length);
        _time = new float[length];
        _re = new float[_plan.SpectrumLength];
        _im = new float[_plan.SpectrumLength];
    }

    /// <summary>Transform length N: every output has this many samples.</summary>
    public int Length { get; }

    /// <summary>
    /// The analytic signal z = x + j·H{x} of <paramref name="input"/> truncated or zero-padded to <see cref="Length"/>,
    /// as <c>scipy.signal.hilbert(input, N)</c> (real part <paramref name="re"/>, imaginary part <paramref name="im"/>).
    /// </summary>
    /// <param name="input">Real samples (≥ 1; only the first N are used).</param>
    /// <param name="re">Receives the real part (N samples: the padded input).</param>
    /// <param name="im">Receives the imaginary part, the Hilbert transform (N samples).</param>
    public void AnalyticSignal(ReadOnlySpan<float> input, Span<float> re, Span<float> im)
    {
        CheckOutput(re.Length, nameof(re));
        CheckOutput(im.Length, nameof(im));
        Quadrature(input, im);
        _time.AsSpan().CopyTo(re);
    }

    /// <summary>
    /// The envelope |z| = sqrt(x² + H{x}²) of <paramref name="input"/> truncated or zero-padded to <see cref="Length"/>,
    /// i.e. <c>numpy.abs(scipy.signal.hilbert(input, N))</c>.
    /// </summary>
    /// <param name="input">Real samples (≥ 1; only the first N are used).</param>
    /// <param name="envelope">Receives N samples.</param>
    public void Envelope(ReadOnlySpan<float> input, Span<float> envelope)
    {
        CheckOutput(envelope.Length, nameof(envelope));
        var h = envelope[..Length];
        Quadrature(input, h);
        TensorPrimitives.Hypot(_time, h, h);
    }

    /// <summary>Loads the padded input into <c>_time</c> and writes H{x} into <paramref name="hilbert"/>.</summary>
    private void Quadrature(ReadOnlySpan<float> input, Span<float> hilbert)
    {
        if (input.Length < 1)
        {
            throw new ArgumentException("The input must have at least one sample.", nameof(input));
        }
        var n = Length;
        var time = _time.AsSpan();
        var used = Math.Min(n, input.Length);
        input[..used].CopyTo(time);
        time[used..].Clear();
        var bins = _plan.SpectrumLength;
        var xr = _re.AsSpan();
        var xi = _im.AsSpan();
        _plan.Forward(time, xr, xi);
        // Y = -j·X on positive frequencies: (a + jb)(-j) = b - ja. Swap roles in place: new re = old im,
        // new im = -old re; the temporary is the output span, which is overwritten by the inverse anyway.
        var tmp = hilbert[..bins];
        xr.CopyTo(tmp);
        xi.CopyTo(xr);
        TensorPrimitives.Negate(tmp, xi);
        // DC and (even N) Nyquist are real bins that scipy's h leaves at weight 1: they contribute nothing to H{x}.
        xr[0] = 0f;
        xi[0] = 0f;
        if (n % 2 == 0)
        {
            xr[bins - 1] = 0f;
            xi[bins - 1] = 0f;
        }
        _plan.Inverse(xr, xi, hilbert[..n]);
    }

    private void CheckOutput(int length, string name)
    {
        if (length < Length)
        {
            throw new ArgumentException($"The output needs {Length} samples, it has {length}.", name);
        }
    }
}
