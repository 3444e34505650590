using System.Numerics.Tensors;
using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.Spectral;

/// <summary>
/// Spectrogram with the semantics and defaults of <c>scipy.signal.spectrogram</c>: periodic Tukey window (α = 0.25)
/// of nperseg = 256, noverlap = nperseg/8, nfft = nperseg, constant detrend, no boundary extension or padding,
/// <c>scaling='density'</c>, <c>mode='psd'</c>, one-sided for real input (two-sided, fftfreq bin order, for complex
/// input).
/// </summary>
/// <remarks>
/// <para>Output layout: row-major frequencies × segments like scipy's <c>Sxx</c>: bin f of segment s is at index
/// f·segments + s. Segments that do not fit completely at the end are dropped, as in scipy. scipy's
/// <c>mode='complex'</c> is <see cref="ShortTimeFourierTransform"/> with the same window, <c>boundary: None</c>,
/// <c>padded: false</c> and the spectrogram's detrend and scaling.</para>
/// <para>A plan object: window, FFT plans and scratch are built in the constructor; <c>Execute</c> allocates nothing
/// and accepts any input of at least nperseg samples. Not thread-safe.</para>
/// </remarks>
public sealed class Spectrogram
{
    private readonly SegmentAnalyzer _core;
    private readonly double _powerScale;
    private readonly float[] _row;

    /// <summary>Builds a spectrogram with a window given by type (periodic).</summary>
    /// <param name="nperseg">Segment length (≥ 1).</param>
    /// <param name="noverlap">Overlap in samples, 0..nperseg-1; null means nperseg/8 (scipy's spectrogram default).</param>
    /// <param name="nfft">FFT length ≥ nperseg; null means nperseg.</param>
    /// <param name="sampleRate">Sample rate fs in Hz.</param>
    /// <param name="window">Window shape (scipy default: Tukey).</param>
    /// <param name="windowParameter">Kaiser β or Tukey α; NaN gives α = 0.25 for Tukey (scipy spectrogram's default
    /// <c>('tukey', .25)</c>) and is required for windows without a parameter.</param>
    /// <param name="detrend">Per-segment detrend (scipy default: constant).</param>
    /// <param name="scaling">Density (units²/Hz) or spectrum (units²).</param>
    /// <param name="mode">Power or magnitude.</param>
    /// <param name="onesided">One-sided output for real input.</param>
    public Spectrogram(int nperseg = 256, int? noverlap = null, int? nfft = null, double sampleRate = 1.0,
        WindowType window = WindowType.Tukey, double windowParameter = double.NaN, DetrendType detrend = DetrendType.Constant,
        SpectralScaling scaling = SpectralScaling.Density, SpectrogramMode mode = SpectrogramMode.Psd, bool onesided = true)
        : this(Window.Create(window, CheckSegmentLength(nperseg), periodic: true,
                window == WindowType.Tukey && double.IsNaN(windowParameter) ? 0.25 : windowParameter),
            noverlap ?? nperseg / 8, nfft, sampleRate, detrend, scaling, mode, onesided)
    {
    }

    /// <summary>Builds a spectrogram with explicit window samples; nperseg is the window length.</summary>
    /// <param name="window">Window samples (≥ 1, non-zero sum).</param>
    /// <param name="noverlap">Overlap in samples, 0..nperseg-1; null means nperseg/8.</param>
    /// <param name="nfft">FFT length ≥ nperseg; null means nperseg.</param>
    /// <param name="sampleRate">Sample rate fs in Hz.</param>
    /// <param name="detrend">Per-segment detrend.</param>
    /// <param name="scaling">Density or spectrum.</param>
    /// <param name="mode">Power or magnitude.</param>
    /// <param name="onesided">One-sided output for real input.</param>
    public Spectrogram(ReadOnlySpan<double> window, int? noverlap = null, int? nfft = null, double sampleRate = 1.0,
        DetrendType detrend = DetrendType.Constant, SpectralScaling scaling = SpectralScaling.Density,
        SpectrogramMode mode = SpectrogramMode.Psd, bool onesided = true)
    {
        if (mode is < SpectrogramMode.Psd or > SpectrogramMode.Magnitude)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown spectrogram mode.");
        }
        _core = new SegmentAnalyzer(window, noverlap ?? window.Length / 8, nfft, sampleRate, detrend, onesided, nameof(window));
        _powerScale = _core.PowerScale(scaling);
        Scaling = scaling;
        Mode = mode;
        _row = new float[_core.Nfft];
    }

    /// <summary>Segment length.</summary>
    public int Nperseg => _core.Nperseg;

    /// <summary>Overlap between segments in samples.</summary>
    public int Noverlap => _core.Noverlap;

    /// <summary>FFT length.</summary>
    public int Nfft => _core.Nfft;

    /// <summary>Scaling of the output.</summary>
    public SpectralScaling Scaling { get; }

    /// <summary>Power or magnitude output.</summary>
    public SpectrogramMode Mode { get; }

    /// <summary>Rows of the output: nfft/2 + 1 for real input, nfft for complex input or two-sided.</summary>
    /// <param name="complexInput">Whether the input is complex.</param>
    public int FrequencyCount(bool complexInput = false) => _core.Bins(complexInput);

    /// <summary>Columns of the output for an input of <paramref name="inputLength"/> samples (≥ nperseg).</summary>
    /// <param name="inputLength">Input length.</param>
    public int SegmentCount(int inputLength) => _core.SegmentCount(inputLength, 0, false, nameof(inputLength));

    /// <summary>Bin frequencies in Hz (scipy's <c>f</c>); allocates.</summary>
    /// <param name="complexInput">Whether the input is complex.</param>
    public double[] Frequencies(bool complexInput = false) => _core.Frequencies(complexInput);

    /// <summary>Segment centre times in seconds (scipy's <c>t</c>); allocates.</summary>
    /// <param name="inputLength">Input length.</param>
    public double[] SegmentTimes(int inputLength) => _core.SegmentTimes(SegmentCount(inputLength), false);

    /// <summary>Spectrogram of a real signal.</summary>
    /// <param name="input">Signal, at least nperseg samples.</param>
    /// <param name="output">Receives FrequencyCount()·SegmentCount values, row-major frequencies × segments.</param>
    /// <returns>The number of segments (columns).</returns>
    public int Execute(ReadOnlySpan<float> input, Span<float> output) => Run(input, default, false, output, nameof(input));

    /// <summary>Spectrogram of a complex signal in split layout (two-sided).</summary>
    /// <param name="inputRe">Real part, at least nperseg samples.</param>
    /// <param name="inputIm">Imaginary part, same length.</param>
    /// <param name="output">Receives nfft·SegmentCount values, row-major frequencies (fftfreq order) × segments.</param>
    /// <returns>The number of segments (columns).</returns>
    public int Execute(ReadOnlySpan<float> inputRe, ReadOnlySpan<float> inputIm, Span<float> output)
    {
        if (inputIm.Length != inputRe.Length)
        {
            throw new ArgumentException("Real and imaginary parts differ in length.", nameof(inputIm));
        }
        return Run(inputRe, inputIm, true, output, nameof(inputRe));
    }

    private int Run(ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, bool isComplex, Span<float> output, string inputName)
    {
        var segments = _core.SegmentCount(xRe.Length, 0, false, inputName);
        var bins = _core.Bins(isComplex);
        var total = bins * segments;
        if (output.Length < total)
        {
            throw new ArgumentException($"The output needs {total} values ({bins} × {segments}), it has {output.Length}.",
                nameof(output));
        }
        var row = _row.AsSpan(0, bins);
        for (var s = 0; s < segments; s++)
        {
            var re = _core.SpectrumRe[..bins];
            var im = _core.SpectrumIm[..bins];
            _core.Transform(xRe, xIm, isComplex, s, 0, StftBoundary.None, re, im);
            if (Mode == SpectrogramMode.Psd)
            {
                PowerRow(re, im, _powerScale, OneSidedReal(isComplex), _core.Nfft, row);
            }
            else
            {
                // scipy: mode='magnitude' is |stft| with the stft scale sqrt(scale) and no one-sided doubling.
                TensorPrimitives.Hypot(re, im, row);
                TensorPrimitives.Multiply(row, (float)Math.Sqrt(_powerScale), row);
            }
            for (var f = 0; f < bins; f++)
            {
                output[f * segments + s] = row[f];
            }
        }
        return segments;
    }

    private bool OneSidedReal(bool isComplex) => _core.Onesided && !isComplex;

    /// <summary>
    /// |X|²·scale, doubled on one-sided bins that stand for two (all but DC and, for even nfft, Nyquist), as the end of
    /// scipy's <c>_spectral_helper</c> for mode 'psd'.
    /// </summary>
    internal static void PowerRow(ReadOnlySpan<float> re, ReadOnlySpan<float> im, double scale, bool onesided, int nfft,
        Span<float> row)
    {
        TensorPrimitives.Multiply(re, re, row);
        TensorPrimitives.FusedMultiplyAdd(im, im, row, row);
        TensorPrimitives.Multiply(row, (float)scale, row);
        if (onesided)
        {
            var last = nfft % 2 == 0 ? row.Length - 1 : row.Length;
            if (last > 1)
            {
                TensorPrimitives.Multiply(row[1..last], 2f, row[1..last]);
            }
        }
    }

    private static int CheckSegmentLength(int nperseg)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nperseg, 1);
        return nperseg;
    }
}
