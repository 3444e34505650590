using RovDsp.Dsp.Fft;

namespace RovDsp.Dsp.PulseCompression;

/// <summary>
/// Pulse compression of sonar pings against a fixed transmit replica: the output is
/// <c>scipy.signal.correlate(ping, replica, mode)</c> (the replica conjugated and slid along the ping; a target echo
/// starting at sample d peaks at full-output index d + replicaLength - 1, or at index d in
/// <see cref="CorrelationMode.Valid"/> mode). The replica's spectrum is computed once in the constructor, together
/// with the FFT plans and scratch for pings of up to <see cref="MaxPingLength"/> samples, so <c>Process</c> is one
/// forward FFT, a conjugate spectral product and one inverse FFT, and allocates nothing. Not thread-safe.
/// </summary>
/// <remarks>
/// A real replica accepts real pings (real FFT) and complex baseband pings in split layout; a complex replica
/// (for example <see cref="Chirp.GenerateComplex"/>) accepts complex pings. The FFT length is the smallest power of two
/// ≥ MaxPingLength + ReplicaLength - 1, so the circular correlation holds every linear lag without wrap-around.
/// </remarks>
public sealed class MatchedFilter
{
    private readonly RealFftPlan? _realPlan;
    private readonly ComplexFftPlan _complexPlan;
    // Replica spectrum: half spectrum (real replica, real pings) and full spectrum (complex pings).
    private readonly float[]? _halfRe;
    private readonly float[]? _halfIm;
    private readonly float[] _fullRe;
    private readonly float[] _fullIm;
    private readonly float[] _re;
    private readonly float[] _im;
    private readonly float[] _time;

    /// <summary>Builds a matched filter for a real replica.</summary>
    /// <param name="replica">Transmit replica (≥ 1 sample), copied.</param>
    /// <param name="maxPingLength">Largest ping length <c>Process</c> accepts (≥ 1).</param>
    public MatchedFilter(ReadOnlySpan<float> replica, int maxPingLength)
        : this(replica, default, false, maxPingLength, nameof(replica))
    {
    }

    /// <summary>Builds a matched filter for a complex replica in split layout.</summary>
    /// <param name="replicaRe">Real part of the replica (≥ 1 sample), copied.</param>
    /// <param name="replicaIm">Imaginary part, same length.</param>
    /// <param name="maxPingLength">Largest ping length <c>Process</c> accepts (≥ 1).</param>
    public MatchedFilter(ReadOnlySpan<float> replicaRe, ReadOnlySpan<float> replicaIm, int maxPingLength)
        : this(replicaRe, replicaIm, true, maxPingLength, nameof(replicaRe))
    {
        if (replicaIm.Length != replicaRe.Length)
        {
            throw new ArgumentException("Real and imaginary parts differ in length.", nameof(replicaIm));
        }
    }

    private MatchedFilter(ReadOnlySpan<float> re, ReadOnlySpan<float> im, bool isComplex, int maxPingLength, string replicaName)
    {
        if (re.Length < 1)
        {
            throw new ArgumentException("The replica must have at least one sample.", replicaName);
        }
        if (isComplex && im.Length != re.Length)
        {
            throw new ArgumentException("Real and imaginary parts differ in length.", "replicaIm");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPingLength, 1);
        if ((long)maxPingLength + re.Length - 1 > 1 << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPingLength), maxPingLength, "The combined length is too large.");
        }
        ReplicaLength = re.Length;
        MaxPingLength = maxPingLength;
        IsComplex = isComplex;
        FftLength = CorrelationKernels.NextPowerOfTwo(maxPingLength + re.Length - 1);
        _complexPlan = new ComplexFftPlan(FftLength);
        _re = new float[FftLength];
        _im = new float[FftLength];
        _time = new float[FftLength];
        _fullRe = new float[FftLength];
        _fullIm = new float[FftLength];
        re.CopyTo(_fullRe);
        if (isComplex)
        {
            im.CopyTo(_fullIm);
        }
        _complexPlan.Forward(_fullRe, _fullIm);
        if (!isComplex)
        {
            _realPlan = new RealFftPlan(FftLength);
            var bins = _realPlan.SpectrumLength;
            _halfRe = new float[bins];
            _halfIm = new float[bins];
            re.CopyTo(_time);
            _realPlan.Forward(_time, _halfRe, _halfIm);
        }
    }

    /// <summary>Replica length in samples.</summary>
    public int ReplicaLength { get; }

    /// <summary>Largest ping length accepted.</summary>
    public int MaxPingLength { get; }

    /// <summary>True when the replica is complex (only complex pings are accepted then).</summary>
    public bool IsComplex { get; }

    /// <summary>FFT length used per ping.</summary>
    public int FftLength { get; }

    /// <summary>Number of outputs for a ping of <paramref name="pingLength"/> samples in <paramref name="mode"/>.</summary>
    /// <param name="pingLength">Ping length (≥ 1).</param>
    /// <param name="mode">Output slice.</param>
    public int OutputLength(int pingLength, CorrelationMode mode = CorrelationMode.Full) =>
        Correlator.OutputLength(pingLength, ReplicaLength, mode);

    /// <summary>Compresses a real ping with the real replica.</summary>
    /// <param name="ping">Received samples, 1..<see cref="MaxPingLength"/>.</param>
    /// <param name="output">Receives <see cref="OutputLength"/> samples; may be longer.</param>
    /// <param name="mode">Output slice (scipy's correlate modes).</param>
    /// <returns>The number of outputs written.</returns>
    /// <exception cref="InvalidOperationException">The replica is complex.</exception>
    public int Process(ReadOnlySpan<float> ping, Span<float> output, CorrelationMode mode = CorrelationMode.Full)
    {
        if (_realPlan is null || _halfRe is null || _halfIm is null)
        {
            throw new InvalidOperationException("A complex replica needs a complex ping (split re/im overload).");
        }
        var count = Check(ping.Length, output.Length, mode, nameof(ping), nameof(output));
        var bins = _realPlan.SpectrumLength;
        var time = _time.AsSpan();
        ping.CopyTo(time);
        time[ping.Length..].Clear();
        var re = _re.AsSpan(0, bins);
        var im = _im.AsSpan(0, bins);
        _realPlan.Forward(time, re, im);
        CorrelationKernels.MultiplyConjugateInPlace(re, im, _halfRe, _halfIm);
        _realPlan.Inverse(re, im, time);
        CorrelationKernels.ExtractLags(time, ReplicaLength, CorrelationKernels.FullOffset(ping.Length, ReplicaLength, mode),
            count, output);
        return count;
    }

    /// <summary>Compresses a complex (baseband) ping in split layout with the replica (real or complex).</summary>
    /// <param name="pingRe">Real part of the ping, 1..<see cref="MaxPingLength"/> samples.</param>
    /// <param name="pingIm">Imaginary part, same length.</param>
    /// <param name="outputRe">Receives the real part of <see cref="OutputLength"/> outputs.</param>
    /// <param name="outputIm">Receives the imaginary part.</param>
    /// <param name="mode">Output slice (scipy's correlate modes).</param>
    /// <returns>The number of outputs written.</returns>
    public int Process(ReadOnlySpan<float> pingRe, ReadOnlySpan<float> pingIm, Span<float> outputRe, Span<float> outputIm,
        CorrelationMode mode = CorrelationMode.Full)
    {
        if (pingIm.Length != pingRe.Length)
        {
            throw new ArgumentException("Real and imaginary parts differ in length.", nameof(pingIm));
        }
        var count = Check(pingRe.Length, Math.Min(outputRe.Length, outputIm.Length), mode, nameof(pingRe), nameof(outputRe));
        var re = _re.AsSpan();
        var im = _im.AsSpan();
        pingRe.CopyTo(re);
        re[pingRe.Length..].Clear();
        pingIm.CopyTo(im);
        im[pingIm.Length..].Clear();
        _complexPlan.Forward(re, im);
        CorrelationKernels.MultiplyConjugateInPlace(re, im, _fullRe, _fullIm);
        _complexPlan.Inverse(re, im);
        var offset = CorrelationKernels.FullOffset(pingRe.Length, ReplicaLength, mode);
        CorrelationKernels.ExtractLags(re, ReplicaLength, offset, count, outputRe);
        CorrelationKernels.ExtractLags(im, ReplicaLength, offset, count, outputIm);
        return count;
    }

    private int Check(int pingLength, int outputLength, CorrelationMode mode, string pingName, string outputName)
    {
        if (pingLength < 1 || pingLength > MaxPingLength)
        {
            throw new ArgumentException($"The ping must have 1..{MaxPingLength} samples, not {pingLength}.", pingName);
        }
        var count = CorrelationKernels.OutputLength(pingLength, ReplicaLength, mode);
        if (outputLength < count)
        {
            throw new ArgumentException($"The output needs {count} samples, it has {outputLength}.", outputName);
        }
        return count;
    }
}
