using BenchmarkDotNet.Attributes;
using MathNet.Numerics.IntegralTransforms;
using RovDsp.Dsp.Fft;

namespace RovDsp.Benchmarks.Fft;

/// <summary>
/// Real-input FFT (numpy rfft layout) and its inverse against MathNet.Numerics' managed packed real FFT
/// (float64, in place in an N+2 array, so the input is copied in first) in the same run, and against FFTW 3's
/// r2c/c2r (single precision, FFTW_MEASURE, out of place; filtered out with a message where libfftw3f.so.3 is missing).
/// </summary>
[MemoryDiagnoser]
public class RealFftBenchmarks
{
    private RealFftPlan _plan = null!;
    private float[] _x = [];
    private float[] _y = [];
    private float[] _re = [];
    private float[] _im = [];
    private double[] _work = [];
    private FftwPlan? _fftwForward;
    private FftwPlan? _fftwInverse;

    /// <summary>Number of real samples.</summary>
    [Params(256, 1024, 4096, 65536, 1000, 4099)]
    public int N { get; set; }

    /// <summary>Builds the plan and a seeded random input.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _x = new float[N];
        _y = new float[N];
        for (var i = 0; i < N; i++)
        {
            _x[i] = (float)(2 * rng.NextDouble() - 1);
        }
        _plan = new RealFftPlan(N);
        _re = new float[_plan.SpectrumLength];
        _im = new float[_plan.SpectrumLength];
        _work = new double[N + 2];
        _plan.Forward(_x, _re, _im);
        if (Fftw.IsAvailable)
        {
            _fftwForward = FftwPlan.RealToComplex(N);
            _fftwInverse = FftwPlan.ComplexToReal(N);
            _x.CopyTo(_fftwForward.Input);
            var bins = _fftwInverse.Input;
            for (var k = 0; k < _re.Length; k++)
            {
                bins[2 * k] = _re[k];
                bins[2 * k + 1] = _im[k];
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

    /// <summary>FFTW 3 r2c (FFTW_MEASURE), out of place.</summary>
    [Benchmark]
    public void FftwForward() => _fftwForward!.Execute();

    /// <summary>FFTW 3 c2r (FFTW_MEASURE, unscaled), out of place. c2r destroys its input, so this times the
    /// transform of whatever the previous call left there; the work is the same for any data.</summary>
    [Benchmark]
    public void FftwInverse() => _fftwInverse!.Execute();

    /// <summary>MathNet.Numerics managed packed real forward FFT, unscaled.</summary>
    [Benchmark(Baseline = true)]
    public void MathNet()
    {
        for (var i = 0; i < _x.Length; i++)
        {
            _work[i] = _x[i];
        }
        Fourier.ForwardReal(_work, N, FourierOptions.NoScaling);
    }

    /// <summary>RovDsp rfft.</summary>
    [Benchmark]
    public void RovDspForward() => _plan.Forward(_x, _re, _im);

    /// <summary>RovDsp irfft (scaled 1/N).</summary>
    [Benchmark]
    public void RovDspInverse() => _plan.Inverse(_re, _im, _y);
}
