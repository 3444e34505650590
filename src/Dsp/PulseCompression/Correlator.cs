using RovDsp.Dsp.Fft;

namespace RovDsp.Dsp.PulseCompression;

/// <summary>
/// Cross-correlation of two arbitrary sequences by FFT, with the semantics of
/// <c>scipy.signal.correlate(in1, in2, mode)</c>: full[k] = Σ_l in1[l]·conj(in2[l - k + n2 - 1]) for
/// k = 0..n1 + n2 - 2 (lag k - (n2 - 1)); <see cref="CorrelationMode.Same"/> and <see cref="CorrelationMode.Valid"/>
/// are slices of it. A plan object: the FFT plans and scratch for inputs up to the lengths given at construction are
/// allocated once; <c>Correlate</c> allocates nothing. Not thread-safe (one scratch per instance).
/// </summary>
/// <remarks>
/// The circular correlation c = IFFT(FFT(in1)·conj(FFT(in2))) with an FFT length L ≥ n1 + n2 - 1 (a power of two)
/// holds lag m at index m mod L, so the linear lags are read from it without aliasing. When both inputs change on
/// every call use this type; when one input (the replica) is fixed use <see cref="MatchedFilter"/>, which keeps its
/// spectrum.
/// </remarks>
public sealed class Correlator
{
    private readonly RealFftPlan _realPlan;
    private readonly ComplexFftPlan _complexPlan;
    private readonly float[] _aRe;
    private readonly float[] _aIm;
    private readonly float[] _bRe;
    private readonly float[] _bIm;
    private readonly float[] _time;

    /// <summary>Builds a correlator for inputs of up to <paramref name="maxLength1"/> and <paramref name="maxLength2"/> samples.</summary>
    /// <param name="maxLength1">Largest length of the first input (≥ 1).</param>
    /// <param name="maxLength2">Largest length of the second input (≥ 1).</param>
    public Correlator(int maxLength1, int maxLength2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength2, 1);
        if ((long)maxLength1 + maxLength2 - 1 > 1 << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength2), maxLength2, "The combined length is too large.");
        }
        MaxLength1 = maxLength1;
        MaxLength2 = maxLength2;
        FftLength = CorrelationKernels.NextPowerOfTwo(maxLength1 + maxLength2 - 1);
        _realPlan = new RealFftPlan(FftLength);
        _complexPlan = new ComplexFftPlan(FftLength);
        _aRe = new float[FftLength];
        _aIm = new float[FftLength];
        _bRe = new float[FftLength];
        _bIm = new float[FftLength];
        _time = new float[FftLength];
    }

    /// <summary>Largest first-input length this plan accepts.</summary>
    public int MaxLength1 { get; }

    /// <summary>Largest second-input length this plan accepts.</summary>
    public int MaxLength2 { get; }

    /// <summary>FFT length used (the smallest power of two ≥ MaxLength1 + MaxLength2 - 1).</summary>
    public int FftLength { get; }

    /// <summary>Number of outputs of correlate(in1, in2, mode) for inputs of lengths n1 and n2 (both ≥ 1).</summary>
    /// <param name="length1">Length of the first input.</param>
    /// <param name="length2">Length of the second input.</param>
    /// <param name="mode">Output slice.</param>
    public static int OutputLength(int length1, int length2, CorrelationMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length2, 1);
        return CorrelationKernels.OutputLength(length1, length2, mode);
    }

    /// <summary>Real correlation, as <c>scipy.signal.correlate(in1, in2, mode)</c> for real inputs.</summary>
    /// <param name="in1">First input, 1..MaxLength1 samples.</param>
    /// <param name="in2">Second input (the one that is shifted), 1..MaxLength2 samples.</param>
    /// <param name="output">Receives <see cref="OutputLength"/> samples; may be longer.</param>
    /// <param name="mode">Output slice.</param>
    /// <returns>The number of outputs written.</returns>
    public int Correlate(ReadOnlySpan<float> in1, ReadOnlySpan<float> in2, Span<float> output,
        CorrelationMode mode = CorrelationMode.Full)
    {
        var count = Check(in1.Length, in2.Length, output.Length, mode, nameof(in1), nameof(in2), nameof(output));
        var bins = _realPlan.SpectrumLength;
        var time = _time.AsSpan();
        in1.CopyTo(time);
        time[in1.Length..].Clear();
        _realPlan.Forward(time, _aRe.AsSpan(0, bins), _aIm.AsSpan(0, bins));
        in2.CopyTo(time);
        time[in2.Length..].Clear();
        _realPlan.Forward(time, _bRe.AsSpan(0, bins), _bIm.AsSpan(0, bins));
        CorrelationKernels.MultiplyConjugateInPlace(_aRe.AsSpan(0, bins), _aIm.AsSpan(0, bins), _bRe, _bIm);
        _realPlan.Inverse(_aRe.AsSpan(0, bins), _aIm.AsSpan(0, bins), time);
        CorrelationKernels.ExtractLags(time, in2.Length,
            CorrelationKernels.FullOffset(in1.Length, in2.Length, mode), count, output);
        return count;
    }

    /// <summary>
    /// Complex correlation in split layout, as <c>scipy.signal.correlate(in1, in2, mode)</c> for complex inputs
    /// (<paramref name="in2Re"/> + j·<paramref name="in2Im"/> is conjugated).
    /// </summary>
    /// <param name="in1Re">Real part of the first input, 1..MaxLength1 samples.</param>
    /// <param name="in1Im">Imaginary part of the first input, same length.</param>
    /// <param name="in2Re">Real part of the second input, 1..MaxLength2 samples.</param>
    /// <param name="in2Im">Imaginary part of the second input, same length.</param>
    /// <param name="outputRe">Receives the real part of <see cref="OutputLength"/> outputs.</param>
    /// <param name="outputIm">Receives the imaginary part.</param>
    /// <param name="mode">Output slice.</param>
    /// <returns>The number of outputs written.</returns>
    public int Correlate(ReadOnlySpan<float> in1Re, ReadOnlySpan<float> in1Im, ReadOnlySpan<float> in2Re,
        ReadOnlySpan<float> in2Im, Span<float> outputRe, Span<float> outputIm, CorrelationMode mode = CorrelationMode.Full)
    {
        if (in1Im.Length != in1Re.Length)
        {
            throw new ArgumentException("Real and imaginary parts differ in length.", nameof(in1Im));
        }
        if (in2Im.Length != in2Re.Length)
        {
            throw new ArgumentException("Real and imaginary parts differ in length.", nameof(in2Im));
        }
        var count = Check(in1Re.Length, in2Re.Length, Math.Min(outputRe.Length, outputIm.Length), mode, nameof(in1Re), nameof(in2Re), nameof(outputRe));
        Load(in1Re, in1Im, _aRe, _aIm);
        Load(in2Re, in2Im, _bRe, _bIm);
        _complexPlan.Forward(_aRe, _aIm);
        _complexPlan.Forward(_bRe, _bIm);
        CorrelationKernels.MultiplyConjugateInPlace(_aRe, _aIm, _bRe, _bIm);
        _complexPlan.Inverse(_aRe, _aIm);
        var offset = CorrelationKernels.FullOffset(in1Re.Length, in2Re.Length, mode);
        CorrelationKernels.ExtractLags(_aRe, in2Re.Length, offset, count, outputRe);
        CorrelationKernels.ExtractLags(_aIm, in2Re.Length, offset, count, outputIm);
        return count;
    }

    private static void Load(ReadOnlySpan<float> re, ReadOnlySpan<float> im, Span<float> dRe, Span<float> dIm)
    {
        re.CopyTo(dRe);
        dRe[re.Length..].Clear();
        im.CopyTo(dIm);
        dIm[im.Length..].Clear();
    }

    private int Check(int n1, int n2, int outputLength, CorrelationMode mode, string in1Name, string in2Name, string outputName)
    {
        if (n1 < 1 || n1 > MaxLength1)
        {
            throw new ArgumentException($"The first input must have 1..{MaxLength1} samples, not {n1}.", in1Name);
        }
        if (n2 < 1 || n2 > MaxLength2)
        {
            throw new ArgumentException($"The second input must have 1..{MaxLength2} samples, not {n2}.", in2Name);
        }
        var count = CorrelationKernels.OutputLength(n1, n2, mode);
        if (outputLength < count)
        {
            throw new ArgumentException($"The output needs {count} samples, it has {outputLength}.", outputName);
        }
        return count;
    }
}
