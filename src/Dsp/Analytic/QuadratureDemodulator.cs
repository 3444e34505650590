using System.Numerics.Tensors;
using RovDsp.Dsp.Design;
using RovDsp.Dsp.Filters;
using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.Analytic;

/// <summary>
/// Streaming quadrature demodulation of a real pass-band signal to complex baseband: mix with
/// <c>exp(−2πi·f0·n/fs)</c>, low-pass filter, decimate. Output is split re/im float32.
/// </summary>
/// <remarks>
/// <para>With n the absolute sample index since construction or <see cref="Reset"/>, the output is exactly
/// <c>re = upfirdn(h, x·cos(2π f0 n/fs), 1, M)</c>, <c>im = upfirdn(h, −x·sin(2π f0 n/fs), 1, M)</c> (scipy
/// semantics, see <see cref="PolyphaseDecimator"/>). No factor 2 is applied: a real tone A·cos(2π f n/fs + φ)
/// comes out as (A/2)·exp(i(2π (f−f0) n/fs + φ)) times the filter's gain; multiply by 2 for the analytic-signal
/// amplitude.</para>
/// <para>The local oscillator is generated in double for fixed 512-sample frames aligned to the absolute index:
/// the phase in cycles at frame start is carried modulo 1 from frame to frame (frac(φ + 512·f0/fs)), within a
/// frame it is φ + i·f0/fs, and cos/sin are evaluated over the whole frame at once. The product x·LO is formed
/// in double and rounded to float32. Because frames do not depend on the caller's block sizes, the output is
/// bit-identical however the input is split; the carried phase loses about 1e-16 cycles per frame.</para>
/// </remarks>
public sealed class QuadratureDemodulator
{
    private const int FrameLength = 512;

    private readonly PolyphaseDecimator _decimatorRe;
    private readonly PolyphaseDecimator _decimatorIm;
    private readonly double _cyclesPerSample;
    private readonly double[] _phase = new double[FrameLength];
    private readonly double[] _cos = new double[FrameLength];
    private readonly double[] _sin = new double[FrameLength];
    private readonly float[] _mixRe = new float[FrameLength];
    private readonly float[] _mixIm = new float[FrameLength];
    private long _index;
    private double _framePhase;

    /// <summary>Creates the demodulator with given low-pass taps.</summary>
    /// <param name="sampleRate">Input sampling rate fs &gt; 0.</param>
    /// <param name="centerFrequency">Carrier f0 shifted to 0 Hz, in the units of <paramref name="sampleRate"/>
    /// (finite; usually within ±fs/2).</param>
    /// <param name="decimation">Output decimation factor M ≥ 1 (output rate fs/M).</param>
    /// <param name="taps">Low-pass FIR taps at the input rate; at least one.</param>
    public QuadratureDemodulator(double sampleRate, double centerFrequency, int decimation, ReadOnlySpan<double> taps)
    {
        if (!(sampleRate > 0) || !double.IsFinite(sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be positive and finite.");
        }
        if (!double.IsFinite(centerFrequency))
        {
            throw new ArgumentOutOfRangeException(nameof(centerFrequency), centerFrequency, "The centre frequency must be finite.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(decimation, 1);
        if (taps.IsEmpty)
        {
            throw new ArgumentException("At least one tap is required.", nameof(taps));
        }
        SampleRate = sampleRate;
        CenterFrequency = centerFrequency;
        var cycles = centerFrequency / sampleRate;
        _cyclesPerSample = cycles - Math.Floor(cycles);
        _decimatorRe = new PolyphaseDecimator(decimation, taps);
        _decimatorIm = new PolyphaseDecimator(decimation, taps);
    }

    /// <summary>
    /// Creates the demodulator with a designed low-pass, <c>firwin(numTaps, cutoff, fs=sampleRate)</c> (Hamming
    /// window, unit DC gain).
    /// </summary>
    /// <param name="sampleRate">Input sampling rate fs &gt; 0.</param>
    /// <param name="centerFrequency">Carrier f0 shifted to 0 Hz (finite).</param>
    /// <param name="decimation">Output decimation factor M ≥ 1.</param>
    /// <param name="cutoff">Low-pass cutoff in the units of <paramref name="sampleRate"/>, in (0, fs/2); at most
    /// fs/(2M) to avoid aliasing after decimation.</param>
    /// <param name="numTaps">Low-pass length, ≥ 1.</param>
    public QuadratureDemodulator(double sampleRate, double centerFrequency, int decimation, double cutoff, int numTaps)
        : this(sampleRate, centerFrequency, decimation, Design(sampleRate, cutoff, numTaps))
    {
    }

    /// <summary>Input sampling rate.</summary>
    public double SampleRate { get; }

    /// <summary>Carrier frequency moved to 0 Hz.</summary>
    public double CenterFrequency { get; }

    /// <summary>Decimation factor M.</summary>
    public int Decimation => _decimatorRe.Factor;

    /// <summary>Number of outputs the next <see cref="Process"/> call will write for an input of this length.</summary>
    /// <param name="inputLength">Samples to be passed, ≥ 0.</param>
    public int GetOutputCount(int inputLength) => _decimatorRe.GetOutputCount(inputLength);

    /// <summary>Consumes a block of real input and writes the complex baseband outputs it completes.</summary>
    /// <param name="input">Real pass-band samples.</param>
    /// <param name="re">Real parts; room for <see cref="GetOutputCount"/>(input.Length) samples.</param>
    /// <param name="im">Imaginary parts; room for <see cref="GetOutputCount"/>(input.Length) samples.</param>
    /// <returns>The number of complex outputs written.</returns>
    public int Process(ReadOnlySpan<float> input, Span<float> re, Span<float> im)
    {
        var total = GetOutputCount(input.Length);
        if (re.Length < total)
        {
            throw new ArgumentException($"re needs room for {total} samples.", nameof(re));
        }
        if (im.Length < total)
        {
            throw new ArgumentException($"im needs room for {total} samples.", nameof(im));
        }
        var written = 0;
        var offset = 0;
        while (offset < input.Length)
        {
            var position = (int)(_index % FrameLength);
            if (position == 0)
            {
                NextFrame();
            }
            var count = Math.Min(FrameLength - position, input.Length - offset);
            var x = input.Slice(offset, count);
            for (var i = 0; i < count; i++)
            {
                double v = x[i];
                _mixRe[i] = (float)(v * _cos[position + i]);
                _mixIm[i] = (float)(-(v * _sin[position + i]));
            }
            var n = _decimatorRe.Process(_mixRe.AsSpan(0, count), re[written..]);
            _decimatorIm.Process(_mixIm.AsSpan(0, count), im[written..]);
            written += n;
            offset += count;
            _index += count;
        }
        return written;
    }

    /// <summary>Returns to the state just after construction (sample index 0, empty filters).</summary>
    public void Reset()
    {
        _decimatorRe.Reset();
        _decimatorIm.Reset();
        _index = 0;
        _framePhase = 0;
    }

    private void NextFrame()
    {
        for (var i = 0; i < FrameLength; i++)
        {
            // Reduced to [0, 1) cycles before scaling, so sin/cos see arguments in [0, 2π).
            var cycles = _framePhase + i * _cyclesPerSample;
            _phase[i] = 2 * Math.PI * (cycles - Math.Floor(cycles));
        }
        TensorPrimitives.SinCos(_phase, _sin, _cos);
        var next = _framePhase + FrameLength * _cyclesPerSample;
        _framePhase = next - Math.Floor(next);
    }

    private static double[] Design(double sampleRate, double cutoff, int numTaps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numTaps, 1);
        return FirDesign.Firwin(numTaps, cutoff, FilterBand.LowPass, sampleRate, WindowType.Hamming);
    }
}
