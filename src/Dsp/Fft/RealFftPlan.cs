using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Fft;

/// <summary>
/// A precomputed single-precision FFT of real input with numpy's rfft/irfft layout and scaling: the forward
/// transform returns bins 0..N/2 (N/2+1 values, unscaled) and the inverse reconstructs N real samples scaled by
/// 1/N, ignoring the imaginary parts of bin 0 and, for even N, of bin N/2 (as numpy.fft.irfft does).
/// </summary>
/// <remarks>
/// Even N packs the samples as z_n = x_{2n} + i·x_{2n+1}, runs one complex FFT of N/2 and separates the
/// even/odd spectra with a post-twiddle pass (the standard "two-for-one" real FFT; e.g. W. Press et al.,
/// Numerical Recipes, §12.3). Odd N runs a full complex FFT. All scratch is allocated by the constructor;
/// not thread-safe.
/// </remarks>
public sealed class RealFftPlan
{
    private readonly ComplexFftPlan _complex;
    private readonly bool _even;
    private readonly VectorPath _isa;
    private readonly float[] _zRe;
    private readonly float[] _zIm;
    private readonly float[] _z2Re;
    private readonly float[] _z2Im;
    private readonly float[] _wRe;
    private readonly float[] _wIm;

    /// <summary>Builds the plan.</summary>
    /// <param name="length">Number of real samples N ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is less than 1.</exception>
    public RealFftPlan(int length)
        : this(length, ComplexFftPlan.DetectedPath)
    {
    }

    /// <summary>Builds the plan using at most the given instruction set (tests cover the narrower paths).</summary>
    internal RealFftPlan(int length, VectorPath isa)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ComplexFftPlan.RequireSupported(isa);
        Length = length;
        SpectrumLength = length / 2 + 1;
        _even = length % 2 == 0;
        _isa = isa;
        if (_even)
        {
            var h = length / 2;
            _complex = new ComplexFftPlan(h, isa);
            _zRe = new float[h];
            _zIm = new float[h];
            // Second buffer so the half-length FFT runs out of place (no extra copy for odd pass counts).
            _z2Re = new float[h];
            _z2Im = new float[h];
            // Post-twiddles W^k = exp(-2πi k/N), k = 0..N/2, each computed directly in double.
            _wRe = new float[h + 1];
            _wIm = new float[h + 1];
            for (var k = 0; k <= h; k++)
            {
                var (re, im) = FftMath.Root(length, k);
                _wRe[k] = (float)re;
                _wIm[k] = (float)im;
            }
        }
        else
        {
            _complex = new ComplexFftPlan(length, isa);
            _zRe = new float[length];
            _zIm = new float[length];
            _z2Re = [];
            _z2Im = [];
            _wRe = [];
            _wIm = [];
        }
    }

    /// <summary>Number of real samples N.</summary>
    public int Length { get; }

    /// <summary>Number of spectrum bins, N/2 + 1.</summary>
    public int SpectrumLength { get; }

    /// <summary>Forward transform of real input (numpy.fft.rfft): bins 0..N/2, unscaled.</summary>
    /// <param name="input">Real samples (first <see cref="Length"/> used).</param>
    /// <param name="re">Real parts of the bins (first <see cref="SpectrumLength"/> written).</param>
    /// <param name="im">Imaginary parts of the bins (first <see cref="SpectrumLength"/> written).</param>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public void Forward(ReadOnlySpan<float> input, Span<float> re, Span<float> im)
    {
        Check(input.Length, Length, nameof(input));
        Check(re.Length, SpectrumLength, nameof(re));
        Check(im.Length, SpectrumLength, nameof(im));
        var n = Length;
        if (!_even)
        {
            input[..n].CopyTo(_zRe);
            _zIm.AsSpan().Clear();
            _complex.Forward(_zRe, _zIm);
            _zRe.AsSpan(0, SpectrumLength).CopyTo(re);
            _zIm.AsSpan(0, SpectrumLength).CopyTo(im);
            return;
        }
        var h = n / 2;
        RealFftKernels.Deinterleave(input, _zRe, _zIm, h, _isa);
        _complex.ForwardUnchecked(_zRe, _zIm, _z2Re, _z2Im);
        RealFftKernels.Post(_z2Re, _z2Im, _wRe, _wIm, re, im, h, _isa);
    }

    /// <summary>Inverse of <see cref="Forward"/> (numpy.fft.irfft with n = <see cref="Length"/>), scaled by 1/N.</summary>
    /// <param name="re">Real parts of bins 0..N/2 (first <see cref="SpectrumLength"/> used).</param>
    /// <param name="im">Imaginary parts of bins 0..N/2; those of bin 0 and (even N) bin N/2 are ignored.</param>
    /// <param name="output">Real samples (first <see cref="Length"/> written).</param>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public void Inverse(ReadOnlySpan<float> re, ReadOnlySpan<float> im, Span<float> output)
    {
        Check(re.Length, SpectrumLength, nameof(re));
        Check(im.Length, SpectrumLength, nameof(im));
        Check(output.Length, Length, nameof(output));
        var n = Length;
        var zr = _zRe.AsSpan();
        var zi = _zIm.AsSpan();
        if (!_even)
        {
            // Rebuild the Hermitian spectrum X_{N-k} = conj X_k, then a complex inverse.
            zr[0] = re[0];
            zi[0] = 0f;
            for (var k = 1; k < SpectrumLength; k++)
            {
                zr[k] = re[k];
                zi[k] = im[k];
                zr[n - k] = re[k];
                zi[n - k] = -im[k];
            }
            _complex.Inverse(zr, zi);
            zr.CopyTo(output);
            return;
        }
        var h = n / 2;
        RealFftKernels.Pre(re, im, _wRe, _wIm, zr, zi, h, 1f / n, _isa);
        _complex.InverseUnscaled(zr, zi, _z2Re, _z2Im);
        RealFftKernels.Interleave(_z2Re, _z2Im, output, h, _isa);
    }

    private static void Check(int actual, int needed, string name)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"Span length {actual} is shorter than the required {needed}.", name);
        }
    }
}
