using BenchmarkDotNet.Attributes;
using MathNet.Numerics.IntegralTransforms;
using RovDsp.Dsp.Fft;

namespace RovDsp.Benchmarks.Fft;

/// <summary>
/// Real-input FFT (numpy rfft layout) and its inverse against MathNet.Numerics' managed packed real FFT
/// (float64, in place in an N+2 array, so the input is copied in first) in the same run.
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
    }

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
