using System.Numerics.Tensors;
using RovDsp.Dsp.Fft;

namespace RovDsp.Dsp.Spectral;

/// <summary>
/// The common core of STFT, spectrogram and Welch, following scipy's <c>_spectral_helper</c> / <c>_fft_helper</c>:
/// optional boundary extension and zero padding, segments of nperseg samples every nperseg - noverlap samples,
/// per-segment detrend, window, zero padding to nfft and FFT (one-sided rfft for real input, two-sided fft for
/// complex input or when asked). Plans and scratch are allocated here; the per-segment work allocates nothing.
/// </summary>
internal sealed class SegmentAnalyzer
{
    private readonly float[] _window;
    private readonly RealFftPlan _realPlan;
    private readonly ComplexFftPlan _complexPlan;
    private readonly float[] _segRe;
    private readonly float[] _segIm;
    private readonly float[] _specRe;
    private readonly float[] _specIm;

    public SegmentAnalyzer(ReadOnlySpan<double> window, int? noverlap, int? nfft, double sampleRate, DetrendType detrend,
        bool onesided, string windowName)
    {
        if (window.Length < 1)
        {
            throw new ArgumentException("The window must have at least one sample.", windowName);
        }
        if (!(sampleRate > 0) || double.IsInfinity(sampleRate))
        {
            throw new ArgumentOutOfRangeException("sampleRate", sampleRate, "The sample rate must be positive and finite.");
        }
        if (detrend is < DetrendType.None or > DetrendType.Linear)
        {
            throw new ArgumentOutOfRangeException(nameof(detrend), detrend, "Unknown detrend type.");
        }
        Nperseg = window.Length;
        Noverlap = noverlap ?? Nperseg / 2;
        if (Noverlap < 0 || Noverlap >= Nperseg)
        {
            throw new ArgumentOutOfRangeException(nameof(noverlap), Noverlap, $"noverlap must be in 0..nperseg-1 = {Nperseg - 1}.");
        }
        Nfft = nfft ?? Nperseg;
        if (Nfft < Nperseg)
        {
            throw new ArgumentOutOfRangeException(nameof(nfft), Nfft, $"nfft must be at least nperseg = {Nperseg}.");
        }
        Step = Nperseg - Noverlap;
        SampleRate = sampleRate;
        Detrend = detrend;
        Onesided = onesided;
        _window = new float[Nperseg];
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < Nperseg; i++)
        {
            sum += window[i];
            sumSquares += window[i] * window[i];
            _window[i] = (float)window[i];
        }
        if (sum == 0 || sumSquares == 0)
        {
            throw new ArgumentException("The window must not sum to zero.", windowName);
        }
        WindowSum = sum;
        WindowSumSquares = sumSquares;
        _realPlan = new RealFftPlan(Nfft);
        _complexPlan = new ComplexFftPlan(Nfft);
        _segRe = new float[Nfft];
        _segIm = new float[Nfft];
        _specRe = new float[Nfft];
        _specIm = new float[Nfft];
    }

    /// <summary>Scratch for one segment's spectrum (real parts, nfft long), for callers of <see cref="Transform"/>.</summary>
    public Span<float> SpectrumRe => _specRe;

    /// <summary>Scratch for one segment's spectrum (imaginary parts).</summary>
    public Span<float> SpectrumIm => _specIm;

    public int Nperseg { get; }

    public int Noverlap { get; }

    public int Step { get; }

    public int Nfft { get; }

    public double SampleRate { get; }

    public DetrendType Detrend { get; }

    public bool Onesided { get; }

    public double WindowSum { get; }

    public double WindowSumSquares { get; }

    /// <summary>Bins per segment: nfft/2 + 1 one-sided (real input), nfft two-sided.</summary>
    public int Bins(bool complexInput) => Onesided && !complexInput ? Nfft / 2 + 1 : Nfft;

    /// <summary>scipy's <c>scale</c>: 1/(fs·Σw²) for density, 1/(Σw)² for spectrum (square it for stft amplitudes).</summary>
    public double PowerScale(SpectralScaling scaling) => scaling switch
    {
        SpectralScaling.Density => 1.0 / (SampleRate * WindowSumSquares),
        SpectralScaling.Spectrum => 1.0 / (WindowSum * WindowSum),
        _ => throw new ArgumentOutOfRangeException(nameof(scaling), scaling, "Unknown scaling."),
    };

    /// <summary>Extension at each end: nperseg/2 with a boundary, else 0.</summary>
    public int Extension(bool boundary) => boundary ? Nperseg / 2 : 0;

    /// <summary>Number of segments for an input of <paramref name="length"/> samples (≥ nperseg).</summary>
    public int SegmentCount(int length, int extension, bool padded, string inputName)
    {
        if (length < Nperseg)
        {
            throw new ArgumentException(
                $"The input has {length} samples, fewer than nperseg = {Nperseg} (scipy would shrink nperseg).", inputName);
        }
        var extended = (long)length + 2L * extension;
        if (padded)
        {
            // numpy: nadd = (-(len - nperseg) % nstep) % nperseg with Python's non-negative modulo.
            var m = (-(extended - Nperseg)) % Step;
            if (m < 0)
            {
                m += Step;
            }
            extended += m % Nperseg;
        }
        return (int)((extended - Nperseg) / Step + 1);
    }

    /// <summary>Segment centre times in seconds, as scipy's <c>time</c> output.</summary>
    public double[] SegmentTimes(int segments, bool boundary)
    {
        var t = new double[segments];
        var half = Nperseg / 2.0;
        for (var k = 0; k < segments; k++)
        {
            t[k] = (half + (double)k * Step) / SampleRate;
            if (boundary)
            {
                t[k] -= half / SampleRate;
            }
        }
        return t;
    }

    /// <summary>Bin frequencies in Hz: numpy rfftfreq one-sided, fftfreq (unshifted order) two-sided.</summary>
    public double[] Frequencies(bool complexInput)
    {
        var bins = Bins(complexInput);
        var twoSided = !(Onesided && !complexInput);
        var f = new double[bins];
        for (var k = 0; k < bins; k++)
        {
            // fftfreq: 0..(n-1)/2 then -(n/2)..-1, divided by n·d with d = 1/fs.
            var index = !twoSided || k <= (Nfft - 1) / 2 ? k : k - Nfft;
            f[k] = index / (Nfft * (1.0 / SampleRate));
        }
        return f;
    }

    /// <summary>
    /// Spectrum of segment <paramref name="segment"/>: extension + load, detrend, window, FFT. Writes
    /// <see cref="Bins"/> values to <paramref name="outRe"/> / <paramref name="outIm"/>.
    /// </summary>
    public void Transform(ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, bool isComplex, int segment, int extension,
        StftBoundary boundary, Span<float> outRe, Span<float> outIm)
    {
        var start = segment * Step - extension;
        var re = _segRe.AsSpan();
        var im = _segIm.AsSpan();
        Load(xRe, start, extension, boundary, re[..Nperseg]);
        RemoveTrend(re[..Nperseg]);
        TensorPrimitives.Multiply(re[..Nperseg], _window, re[..Nperseg]);
        re[Nperseg..].Clear();
        if (!isComplex && Onesided)
        {
            _realPlan.Forward(re, outRe, outIm);
            return;
        }
        if (isComplex)
        {
            Load(xIm, start, extension, boundary, im[..Nperseg]);
            RemoveTrend(im[..Nperseg]);
            TensorPrimitives.Multiply(im[..Nperseg], _window, im[..Nperseg]);
            im[Nperseg..].Clear();
        }
        else
        {
            im.Clear();
        }
        _complexPlan.Forward(re, im, outRe, outIm);
    }

    /// <summary>Copies nperseg samples from original index <paramref name="start"/> of the extended, padded signal.</summary>
    private static void Load(ReadOnlySpan<float> x, int start, int extension, StftBoundary boundary, Span<float> dest)
    {
        var n = x.Length;
        if (start >= 0 && start + dest.Length <= n)
        {
            x.Slice(start, dest.Length).CopyTo(dest);
            return;
        }
        for (var j = 0; j < dest.Length; j++)
        {
            var e = start + j;
            float v;
            if (e >= 0 && e < n)
            {
                v = x[e];
            }
            else if (e >= n + extension)
            {
                v = 0f; // padding after the (right) extension
            }
            else
            {
                // scipy._arraytools even_ext / odd_ext / const_ext / zero_ext, left (e < 0) and right (e ≥ n).
                var left = e < 0;
                var edge = left ? x[0] : x[n - 1];
                var mirror = left ? -e : 2 * (n - 1) - e;
                v = boundary switch
                {
                    StftBoundary.Even => x[mirror],
                    StftBoundary.Odd => 2f * edge - x[mirror],
                    StftBoundary.Constant => edge,
                    _ => 0f,
                };
            }
            dest[j] = v;
        }
    }

    /// <summary>scipy.signal.detrend on one segment (float64 sums, float32 result).</summary>
    private void RemoveTrend(Span<float> seg)
    {
        if (Detrend == DetrendType.None)
        {
            return;
        }
        var m = seg.Length;
        double sum = 0;
        for (var j = 0; j < m; j++)
        {
            sum += seg[j];
        }
        var mean = sum / m;
        if (Detrend == DetrendType.Constant)
        {
            TensorPrimitives.Subtract(seg, (float)mean, seg);
            return;
        }
        // Least-squares line a + b·j: b = Σ(j - jm)(x_j - xm) / Σ(j - jm)², a = xm - b·jm.
        var jm = (m - 1) / 2.0;
        double sxy = 0, sxx = 0;
        for (var j = 0; j < m; j++)
        {
            var d = j - jm;
            sxy += d * (seg[j] - mean);
            sxx += d * d;
        }
        var slope = sxx > 0 ? sxy / sxx : 0.0;
        for (var j = 0; j < m; j++)
        {
            seg[j] = (float)(seg[j] - (mean + slope * (j - jm)));
        }
    }
}
