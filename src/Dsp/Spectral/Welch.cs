using System.Numerics.Tensors;
using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.Spectral;

/// <summary>
/// Power spectral density by Welch's method with the semantics and defaults of <c>scipy.signal.welch</c>: periodic
/// Hann window of nperseg = 256, noverlap = nperseg/2, nfft = nperseg, constant detrend, no boundary extension or
/// padding, <c>scaling='density'</c>, mean of the segment periodograms (or their bias-corrected median), one-sided
/// for real input (two-sided, fftfreq bin order, for complex input).
/// </summary>
/// <remarks>
/// Welch, "The use of fast Fourier transform for the estimation of power spectra", IEEE Trans. Audio
/// Electroacoust. 15(2), 1967. A plan object: window, FFT plans and scratch (for the median, every segment's
/// periodogram of an input of up to <see cref="MaxInputLength"/> samples) are allocated in the constructor;
/// <c>Execute</c> allocates nothing. Not thread-safe.
/// </remarks>
public sealed class Welch
{
    private readonly SegmentAnalyzer _core;
    private readonly double _powerScale;
    private readonly float[] _row;
    private readonly float[] _accumulator;
    // Median only: periodograms stored bin-major (bins × maxSegments) so each bin's values are contiguous for sorting.
    private readonly float[]? _periodograms;
    private readonly int _maxSegments;

    /// <summary>Builds a Welch estimator with a window given by type (periodic).</summary>
    /// <param name="maxInputLength">Longest input <c>Execute</c> will get (≥ nperseg).</param>
    /// <param name="nperseg">Segment length (≥ 1).</param>
    /// <param name="noverlap">Overlap in samples, 0..nperseg-1; null means nperseg/2.</param>
    /// <param name="nfft">FFT length ≥ nperseg; null means nperseg.</param>
    /// <param name="sampleRate">Sample rate fs in Hz.</param>
    /// <param name="window">Window shape (scipy default: Hann).</param>
    /// <param name="windowParameter">Kaiser β or Tukey α; NaN for windows without a parameter.</param>
    /// <param name="detrend">Per-segment detrend (scipy default: constant).</param>
    /// <param name="scaling">Density (units²/Hz) or spectrum (units²).</param>
    /// <param name="average">Mean or bias-corrected median of the segment periodograms.</param>
    /// <param name="onesided">One-sided output for real input.</param>
    public Welch(int maxInputLength, int nperseg = 256, int? noverlap = null, int? nfft = null, double sampleRate = 1.0,
        WindowType window = WindowType.Hann, double windowParameter = double.NaN, DetrendType detrend = DetrendType.Constant,
        SpectralScaling scaling = SpectralScaling.Density, WelchAverage average = WelchAverage.Mean, bool onesided = true)
        : this(maxInputLength, Window.Create(window, CheckSegmentLength(nperseg), periodic: true, windowParameter), noverlap,
            nfft, sampleRate, detrend, scaling, average, onesided)
    {
    }

    /// <summary>Builds a Welch estimator with explicit window samples; nperseg is the window length.</summary>
    /// <param name="maxInputLength">Longest input <c>Execute</c> will get (≥ nperseg).</param>
    /// <param name="window">Window samples (≥ 1, non-zero sum).</param>
    /// <param name="noverlap">Overlap in samples, 0..nperseg-1; null means nperseg/2.</param>
    /// <param name="nfft">FFT length ≥ nperseg; null means nperseg.</param>
    /// <param name="sampleRate">Sample rate fs in Hz.</param>
    /// <param name="detrend">Per-segment detrend.</param>
    /// <param name="scaling">Density or spectrum.</param>
    /// <param name="average">Mean or bias-corrected median.</param>
    /// <param name="onesided">One-sided output for real input.</param>
    public Welch(int maxInputLength, ReadOnlySpan<double> window, int? noverlap = null, int? nfft = null,
        double sampleRate = 1.0, DetrendType detrend = DetrendType.Constant, SpectralScaling scaling = SpectralScaling.Density,
        WelchAverage average = WelchAverage.Mean, bool onesided = true)
    {
        if (average is < WelchAverage.Mean or > WelchAverage.Median)
        {
            throw new ArgumentOutOfRangeException(nameof(average), average, "Unknown average.");
        }
        _core = new SegmentAnalyzer(window, noverlap, nfft, sampleRate, detrend, onesided, nameof(window));
        if (maxInputLength < _core.Nperseg)
        {
            throw new ArgumentOutOfRangeException(nameof(maxInputLength), maxInputLength,
                $"The longest input must have at least nperseg = {_core.Nperseg} samples.");
        }
        MaxInputLength = maxInputLength;
        _powerScale = _core.PowerScale(scaling);
        Scaling = scaling;
        Average = average;
        _row = new float[_core.Nfft];
        _accumulator = new float[_core.Nfft];
        _maxSegments = _core.SegmentCount(maxInputLength, 0, false, nameof(maxInputLength));
        if (average == WelchAverage.Median)
        {
            _periodograms = new float[checked(_maxSegments * _core.Nfft)];
        }
    }

    /// <summary>Longest input accepted.</summary>
    public int MaxInputLength { get; }

    /// <summary>Segment length.</summary>
    public int Nperseg => _core.Nperseg;

    /// <summary>Overlap between segments in samples.</summary>
    public int Noverlap => _core.Noverlap;

    /// <summary>FFT length.</summary>
    public int Nfft => _core.Nfft;

    /// <summary>Scaling of the output.</summary>
    public SpectralScaling Scaling { get; }

    /// <summary>How segment periodograms are combined.</summary>
    public WelchAverage Average { get; }

    /// <summary>Length of the PSD: nfft/2 + 1 for real input, nfft for complex input or two-sided.</summary>
    /// <param name="complexInput">Whether the input is complex.</param>
    public int FrequencyCount(bool complexInput = false) => _core.Bins(complexInput);

    /// <summary>Number of segments averaged for an input of <paramref name="inputLength"/> samples.</summary>
    /// <param name="inputLength">Input length (nperseg..MaxInputLength).</param>
    public int SegmentCount(int inputLength) => _core.SegmentCount(inputLength, 0, false, nameof(inputLength));

    /// <summary>Bin frequencies in Hz (scipy's <c>f</c>); allocates.</summary>
    /// <param name="complexInput">Whether the input is complex.</param>
    public double[] Frequencies(bool complexInput = false) => _core.Frequencies(complexInput);

    /// <summary>
    /// scipy's <c>_median_bias(n)</c>: 1 + Σ_{k=1}^{(n-1)/2} (1/(2k+1) - 1/(2k)), the ratio of the median to the mean
    /// of n exponentially distributed periodogram values.
    /// </summary>
    /// <param name="segments">Number of segments (≥ 1).</param>
    public static double MedianBias(int segments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        var bias = 1.0;
        for (var k = 1; k <= (segments - 1) / 2; k++)
        {
            bias += 1.0 / (2 * k + 1) - 1.0 / (2 * k);
        }
        return bias;
    }

    /// <summary>PSD of a real signal.</summary>
    /// <param name="input">Signal, nperseg..MaxInputLength samples.</param>
    /// <param name="psd">Receives FrequencyCount() values.</param>
    public void Execute(ReadOnlySpan<float> input, Span<float> psd) => Run(input, default, false, psd, nameof(input));

    /// <summary>PSD of a complex signal in split layout (two-sided, fftfreq bin order).</summary>
    /// <param name="inputRe">Real part, nperseg..MaxInputLength samples.</param>
    /// <param name="inputIm">Imaginary part, same length.</param>
    /// <param name="psd">Receives nfft values.</param>
    public void Execute(ReadOnlySpan<float> inputRe, ReadOnlySpan<float> inputIm, Span<float> psd)
    {
        if (inputIm.Length != inputRe.Length)
        {
            throw new ArgumentException("Real and imaginary parts differ in length.", nameof(inputIm));
        }
        Run(inputRe, inputIm, true, psd, nameof(inputRe));
    }

    private void Run(ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, bool isComplex, Span<float> psd, string inputName)
    {
        if (xRe.Length > MaxInputLength)
        {
            throw new ArgumentException($"The input has {xRe.Length} samples, more than MaxInputLength = {MaxInputLength}.",
                inputName);
        }
        var segments = _core.SegmentCount(xRe.Length, 0, false, inputName);
        var bins = _core.Bins(isComplex);
        if (psd.Length < bins)
        {
            throw new ArgumentException($"The output needs {bins} values, it has {psd.Length}.", nameof(psd));
        }
        var row = _row.AsSpan(0, bins);
        var sum = _accumulator.AsSpan(0, bins);
        sum.Clear();
        var onesided = _core.Onesided && !isComplex;
        for (var s = 0; s < segments; s++)
        {
            var re = _core.SpectrumRe[..bins];
            var im = _core.SpectrumIm[..bins];
            _core.Transform(xRe, xIm, isComplex, s, 0, StftBoundary.None, re, im);
            Spectrogram.PowerRow(re, im, _powerScale, onesided, _core.Nfft, row);
            if (Average == WelchAverage.Mean || segments == 1)
            {
                TensorPrimitives.Add(sum, row, sum);
            }
            else
            {
                var store = _periodograms!;
                for (var f = 0; f < bins; f++)
                {
                    store[f * _maxSegments + s] = row[f];
                }
            }
        }
        if (Average == WelchAverage.Mean || segments == 1)
        {
            // scipy averages only when there are several segments; one segment is returned as is.
            TensorPrimitives.Multiply(sum, (float)(1.0 / segments), psd[..bins]);
            return;
        }
        var bias = MedianBias(segments);
        var half = segments / 2;
        for (var f = 0; f < bins; f++)
        {
            var values = _periodograms.AsSpan(f * _maxSegments, segments);
            values.Sort();
            // numpy.median: the middle value, or the mean of the two middle values for an even count.
            var median = segments % 2 == 1 ? values[half] : 0.5 * ((double)values[half - 1] + values[half]);
            psd[f] = (float)(median / bias);
        }
    }

    private static int CheckSegmentLength(int nperseg)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nperseg, 1);
        return nperseg;
    }
}
