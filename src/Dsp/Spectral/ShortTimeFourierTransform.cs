using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.Spectral;

/// <summary>
/// Short-time Fourier transform with the semantics and defaults of <c>scipy.signal.stft</c>: periodic Hann window of
/// nperseg = 256, noverlap = nperseg/2, nfft = nperseg, no detrend, boundary extension by nperseg/2 zeros at both
/// ends, zero padding to a whole number of segments, <c>scaling='spectrum'</c> (X/Σw) and one-sided output for real
/// input (two-sided, numpy <c>fftfreq</c> bin order, for complex input, as scipy switches automatically).
/// </summary>
/// <remarks>
/// <para>Output layout: row-major frequencies × segments like scipy's <c>Zxx</c>: bin f of segment s is at index
/// f·segments + s of the split <c>re</c>/<c>im</c> outputs. Sizes come from <see cref="FrequencyCount"/> and
/// <see cref="SegmentCount"/>; axes from <see cref="Frequencies"/> and <see cref="SegmentTimes"/>.</para>
/// <para>A plan object: window, FFT plans and segment scratch are built in the constructor; <c>Execute</c> allocates
/// nothing and accepts any input of at least nperseg samples (scipy would instead shrink nperseg with a warning).
/// Not thread-safe.</para>
/// </remarks>
public sealed class ShortTimeFourierTransform
{
    private readonly SegmentAnalyzer _core;
    private readonly float _scale;

    /// <summary>Builds an STFT with a window given by type (periodic, as scipy's <c>get_window</c> for spectra).</summary>
    /// <param name="nperseg">Segment length (≥ 1).</param>
    /// <param name="noverlap">Overlap in samples, 0..nperseg-1; null means nperseg/2.</param>
    /// <param name="nfft">FFT length ≥ nperseg (zero padding); null means nperseg.</param>
    /// <param name="sampleRate">Sample rate fs in Hz, for the axes and the density scaling.</param>
    /// <param name="window">Window shape.</param>
    /// <param name="windowParameter">Kaiser β or Tukey α; NaN for windows without a parameter.</param>
    /// <param name="detrend">Per-segment detrend (scipy default: none).</param>
    /// <param name="boundary">Signal extension at both ends.</param>
    /// <param name="padded">Zero-pad the end to a whole number of segments.</param>
    /// <param name="scaling">Spectrum (X/Σw) or density (X/sqrt(fs·Σw²), scipy's <c>scaling='psd'</c>).</param>
    /// <param name="onesided">One-sided output for real input (ignored for complex input, which is always two-sided).</param>
    public ShortTimeFourierTransform(int nperseg = 256, int? noverlap = null, int? nfft = null, double sampleRate = 1.0,
        WindowType window = WindowType.Hann, double windowParameter = double.NaN, DetrendType detrend = DetrendType.None,
        StftBoundary boundary = StftBoundary.Zeros, bool padded = true, SpectralScaling scaling = SpectralScaling.Spectrum,
        bool onesided = true)
        : this(Window.Create(window, CheckSegmentLength(nperseg), periodic: true, windowParameter), noverlap, nfft, sampleRate,
            detrend, boundary, padded, scaling, onesided)
    {
    }

    /// <summary>Builds an STFT with explicit window samples; nperseg is the window length.</summary>
    /// <param name="window">Window samples (≥ 1, non-zero sum).</param>
    /// <param name="noverlap">Overlap in samples, 0..nperseg-1; null means nperseg/2.</param>
    /// <param name="nfft">FFT length ≥ nperseg (zero padding); null means nperseg.</param>
    /// <param name="sampleRate">Sample rate fs in Hz.</param>
    /// <param name="detrend">Per-segment detrend.</param>
    /// <param name="boundary">Signal extension at both ends.</param>
    /// <param name="padded">Zero-pad the end to a whole number of segments.</param>
    /// <param name="scaling">Spectrum or density scaling.</param>
    /// <param name="onesided">One-sided output for real input.</param>
    public ShortTimeFourierTransform(ReadOnlySpan<double> window, int? noverlap = null, int? nfft = null,
        double sampleRate = 1.0, DetrendType detrend = DetrendType.None, StftBoundary boundary = StftBoundary.Zeros,
        bool padded = true, SpectralScaling scaling = SpectralScaling.Spectrum, bool onesided = true)
    {
        if (boundary is < StftBoundary.None or > StftBoundary.Constant)
        {
            throw new ArgumentOutOfRangeException(nameof(boundary), boundary, "Unknown boundary.");
        }
        _core = new SegmentAnalyzer(window, noverlap, nfft, sampleRate, detrend, onesided, nameof(window));
        Boundary = boundary;
        Padded = padded;
        Scaling = scaling;
        // stft mode takes the square root of the power scale (scipy _spectral_helper, mode='stft').
        _scale = (float)Math.Sqrt(_core.PowerScale(scaling));
    }

    /// <summary>Segment length.</summary>
    public int Nperseg => _core.Nperseg;

    /// <summary>Overlap between segments in samples.</summary>
    public int Noverlap => _core.Noverlap;

    /// <summary>FFT length.</summary>
    public int Nfft => _core.Nfft;

    /// <summary>Boundary extension.</summary>
    public StftBoundary Boundary { get; }

    /// <summary>Whether the end is zero-padded to a whole number of segments.</summary>
    public bool Padded { get; }

    /// <summary>Amplitude scaling.</summary>
    public SpectralScaling Scaling { get; }

    /// <summary>Rows of the output: nfft/2 + 1 for real input (one-sided), nfft for complex input or two-sided.</summary>
    /// <param name="complexInput">Whether the input is complex.</param>
    public int FrequencyCount(bool complexInput = false) => _core.Bins(complexInput);

    /// <summary>Columns of the output for an input of <paramref name="inputLength"/> samples (≥ nperseg).</summary>
    /// <param name="inputLength">Input length.</param>
    public int SegmentCount(int inputLength) =>
        _core.SegmentCount(inputLength, _core.Extension(Boundary != StftBoundary.None), Padded, nameof(inputLength));

    /// <summary>Bin frequencies in Hz (scipy's <c>f</c>); allocates.</summary>
    /// <param name="complexInput">Whether the input is complex (two-sided, fftfreq order).</param>
    public double[] Frequencies(bool complexInput = false) => _core.Frequencies(complexInput);

    /// <summary>Segment times in seconds (scipy's <c>t</c>); allocates.</summary>
    /// <param name="inputLength">Input length.</param>
    public double[] SegmentTimes(int inputLength) =>
        _core.SegmentTimes(SegmentCount(inputLength), Boundary != StftBoundary.None);

    /// <summary>STFT of a real signal into frequencies × segments split arrays.</summary>
    /// <param name="input">Signal, at least nperseg samples.</param>
    /// <param name="re">Receives FrequencyCount()·SegmentCount real parts (row-major, rows = frequencies).</param>
    /// <param name="im">Receives the imaginary parts, same layout.</param>
    /// <returns>The number of segments (columns).</returns>
    public int Execute(ReadOnlySpan<float> input, Span<float> re, Span<float> im) =>
        Run(input, default, false, re, im, nameof(input));

    /// <summary>STFT of a complex signal in split layout (two-sided output).</summary>
    /// <param name="inputRe">Real part, at least nperseg samples.</param>
    /// <param name="inputIm">Imaginary part, same length.</param>
    /// <param name="re">Receives nfft·SegmentCount real parts (row-major, rows = frequencies in fftfreq order).</param>
    /// <param name="im">Receives the imaginary parts.</param>
    /// <returns>The number of segments (columns).</returns>
    public int Execute(ReadOnlySpan<float> inputRe, ReadOnlySpan<float> inputIm, Span<float> re, Span<float> im)
    {
        if (inputIm.Length != inputRe.Length)
        {
            throw new ArgumentException("Real and imaginary parts differ in length.", nameof(inputIm));
        }
        return Run(inputRe, inputIm, true, re, im, nameof(inputRe));
    }

    private int Run(ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, bool isComplex, Span<float> re, Span<float> im,
        string inputName)
    {
        var boundary = Boundary != StftBoundary.None;
        var extension = _core.Extension(boundary);
        var segments = _core.SegmentCount(xRe.Length, extension, Padded, inputName);
        var bins = _core.Bins(isComplex);
        var total = bins * segments;
        if (re.Length < total)
        {
            throw new ArgumentException($"The output needs {total} values ({bins} × {segments}), it has {re.Length}.", nameof(re));
        }
        if (im.Length < total)
        {
            throw new ArgumentException($"The output needs {total} values ({bins} × {segments}), it has {im.Length}.", nameof(im));
        }
        var scale = _scale;
        for (var s = 0; s < segments; s++)
        {
            // One segment's spectrum goes to the core's scratch, then is scaled and scattered into column s.
            var specRe = _core.SpectrumRe;
            var specIm = _core.SpectrumIm;
            _core.Transform(xRe, xIm, isComplex, s, extension, Boundary, specRe, specIm);
            for (var f = 0; f < bins; f++)
            {
                re[f * segments + s] = specRe[f] * scale;
                im[f * segments + s] = specIm[f] * scale;
            }
        }
        return segments;
    }

    private static int CheckSegmentLength(int nperseg)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nperseg, 1);
        return nperseg;
    }
}
