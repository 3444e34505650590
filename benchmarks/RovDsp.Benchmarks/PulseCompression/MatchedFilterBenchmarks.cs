using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
using MathNet.Numerics.IntegralTransforms;
using RovDsp.Benchmarks.Fft;
using RovDsp.Dsp.PulseCompression;

namespace RovDsp.Benchmarks.PulseCompression;

/// <summary>
/// Pulse compression of one 8192-sample ping against a 1024-sample LFM replica (full correlation, 9215 outputs).
/// Baseline: the direct time-domain correlation as a plain scalar loop; also a MathNet complex-FFT correlation with
/// preallocated buffers, and FFTW 3's r2c, conjugate multiply, c2r at the same length (the native baseline of
/// issue 14; filtered out with a message where libfftw3f.so.3 is missing). <see cref="MatchedFilter"/> must
/// allocate 0 B per call.
/// </summary>
[MemoryDiagnoser]
public class MatchedFilterBenchmarks
{
    private const int PingLength = 8192;
    private const int ReplicaLength = 1024;
    private const int FullLength = PingLength + ReplicaLength - 1;

    private float[] _replica = [];
    private float[] _replicaIm = [];
    private float[] _ping = [];
    private float[] _pingIm = [];
    private float[] _out = [];
    private float[] _outIm = [];
    private MatchedFilter _real = null!;
    private MatchedFilter _complex = null!;
    private Complex32[] _mathNetReplica = [];
    private Complex32[] _mathNetWork = [];
    private FftwPlan? _fftwForward;
    private FftwPlan? _fftwInverse;
    private float[] _fftwReplica = [];

    /// <summary>Builds the replica, a noisy ping with an echo, the plans and buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var t = Chirp.SampleTimes(ReplicaLength, 96000);
        var lfm = Chirp.Generate(t, 20000, ReplicaLength / 96000.0, 30000);
        Chirp.ApplyTaper(lfm, RovDsp.Dsp.Windows.WindowType.Tukey, 0.1);
        var (bbRe, bbIm) = Chirp.GenerateComplex(t, -5000, ReplicaLength / 96000.0, 5000);
        _replica = new float[ReplicaLength];
        _replicaIm = new float[ReplicaLength];
        for (var i = 0; i < ReplicaLength; i++)
        {
            _replica[i] = (float)lfm[i];
            _replicaIm[i] = (float)bbIm[i];
        }
        var rng = new Random(42);
        _ping = new float[PingLength];
        _pingIm = new float[PingLength];
        for (var i = 0; i < PingLength; i++)
        {
            _ping[i] = (float)(rng.NextDouble() - 0.5);
            _pingIm[i] = (float)(rng.NextDouble() - 0.5);
        }
        for (var i = 0; i < ReplicaLength; i++)
        {
            _ping[3000 + i] += 0.5f * _replica[i];
        }
        _out = new float[FullLength];
        _outIm = new float[FullLength];
        _real = new MatchedFilter(_replica, PingLength);
        var reBaseband = new float[ReplicaLength];
        for (var i = 0; i < ReplicaLength; i++)
        {
            reBaseband[i] = (float)bbRe[i];
        }
        _complex = new MatchedFilter(reBaseband, _replicaIm, PingLength);

        // MathNet: conj spectrum of the replica at the same power-of-two length, precomputed like the MatchedFilter.
        var n = _real.FftLength;
        _mathNetReplica = new Complex32[n];
        for (var i = 0; i < ReplicaLength; i++)
        {
            _mathNetReplica[i] = new Complex32(_replica[i], 0);
        }
        Fourier.Forward(_mathNetReplica, FourierOptions.Matlab);
        for (var i = 0; i < n; i++)
        {
            _mathNetReplica[i] = Complex32.Conjugate(_mathNetReplica[i]);
        }
        _mathNetWork = new Complex32[n];

        if (RovDsp.Benchmarks.Fft.Fftw.IsAvailable)
        {
            _fftwForward = FftwPlan.RealToComplex(n);
            _fftwInverse = FftwPlan.ComplexToReal(n);
            // The replica's spectrum, interleaved, with c2r's missing 1/n folded in (as MatchedFilter folds its scaling).
            var x = _fftwForward.Input;
            x.Clear();
            _replica.CopyTo(x);
            _fftwForward.Execute();
            _fftwReplica = _fftwForward.Output.ToArray();
            for (var i = 0; i < _fftwReplica.Length; i++)
            {
                _fftwReplica[i] /= n;
            }
        }
    }

    /// <summary>Releases the FFTW plans.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _fftwForward?.Dispose();
        _fftwInverse?.Dispose();
    }

    /// <summary>
    /// FFTW 3: ping zero-padded into the r2c input, r2c, times the conjugate replica spectrum (a vectorised
    /// interleaved loop), c2r, lags copied out as <see cref="MatchedFilter"/> does.
    /// </summary>
    [Benchmark]
    public float Fftw()
    {
        var f = _fftwForward!;
        var inv = _fftwInverse!;
        var x = f.Input;
        _ping.CopyTo(x);
        x[PingLength..].Clear();
        f.Execute();
        InterleavedComplex.MultiplyConjugate(f.Output, _fftwReplica, inv.Input);
        inv.Execute();
        var y = inv.Output;
        var n = y.Length;
        // Lag k - (M - 1) sits at index (k - M + 1) mod n: the wrapped head first, then the rest.
        var head = ReplicaLength - 1;
        y[(n - head)..].CopyTo(_out);
        y[..(FullLength - head)].CopyTo(_out.AsSpan(head));
        return _out[4000];
    }

    /// <summary>Direct correlation: full[k] = Σ ping[l]·replica[l - k + M - 1], scalar loop.</summary>
    [Benchmark(Baseline = true)]
    public float DirectTimeDomain()
    {
        var ping = _ping;
        var rep = _replica;
        var output = _out;
        for (var k = 0; k < FullLength; k++)
        {
            var lo = Math.Max(0, k - (ReplicaLength - 1));
            var hi = Math.Min(PingLength - 1, k);
            var sum = 0f;
            for (var l = lo; l <= hi; l++)
            {
                sum += ping[l] * rep[l - k + ReplicaLength - 1];
            }
            output[k] = sum;
        }
        return output[4000];
    }

    /// <summary>MathNet complex FFT correlation with a precomputed conjugate replica spectrum.</summary>
    [Benchmark]
    public float MathNetFft()
    {
        var w = _mathNetWork;
        Array.Clear(w);
        for (var i = 0; i < PingLength; i++)
        {
            w[i] = new Complex32(_ping[i], 0);
        }
        Fourier.Forward(w, FourierOptions.Matlab);
        for (var i = 0; i < w.Length; i++)
        {
            w[i] *= _mathNetReplica[i];
        }
        Fourier.Inverse(w, FourierOptions.Matlab);
        var n = w.Length;
        for (var k = 0; k < FullLength; k++)
        {
            // lag k - (M - 1) sits at index (k - M + 1) mod n
            _out[k] = w[(k - ReplicaLength + 1 + n) % n].Real;
        }
        return _out[4000];
    }

    /// <summary>RovDsp MatchedFilter, real ping and real replica (real FFT).</summary>
    [Benchmark]
    public int MatchedFilterReal() => _real.Process(_ping, _out);

    /// <summary>RovDsp MatchedFilter, complex baseband ping and complex LFM replica.</summary>
    [Benchmark]
    public int MatchedFilterComplex() => _complex.Process(_ping, _pingIm, _out, _outIm);
}
