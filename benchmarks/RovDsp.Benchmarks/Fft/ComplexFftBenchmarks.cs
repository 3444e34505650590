using System.Numerics;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics.IntegralTransforms;
using RovDsp.Dsp.Fft;

namespace RovDsp.Benchmarks.Fft;

/// <summary>
/// Complex forward FFT: RovDsp's split-layout plan against MathNet.Numerics' managed FFT (float64
/// System.Numerics.Complex, in place, so its input is copied in first) in the same run. Sizes: powers of
/// two 256..65536, a mixed radix (1000) and a prime that needs Bluestein (4099). The native baseline is FFTW 3
/// (single precision, interleaved complex, FFTW_MEASURE, out of place); where libfftw3f.so.3 is missing
/// Program filters the Fftw subjects out with a message.
/// </summary>
[MemoryDiagnoser]
public class ComplexFftBenchmarks
{
    private ComplexFftPlan _plan = null!;
    private float[] _re = [];
    private float[] _im = [];
    private float[] _outRe = [];
    private float[] _outIm = [];
    private Complex[] _source = [];
    private Complex[] _work = [];
    private FftwPlan? _fftw;

    /// <summary>Transform length.</summary>
    [Params(256, 1024, 4096, 65536, 1000, 4099)]
    public int N { get; set; }

    /// <summary>Builds the plan and a seeded random input.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _re = new float[N];
        _im = new float[N];
        _outRe = new float[N];
        _outIm = new float[N];
        _source = new Complex[N];
        _work = new Complex[N];
        for (var i = 0; i < N; i++)
        {
            _re[i] = (float)(2 * rng.NextDouble() - 1);
            _im[i] = (float)(2 * rng.NextDouble() - 1);
            _source[i] = new Complex(_re[i], _im[i]);
        }
        _plan = new ComplexFftPlan(N);
        if (RovDsp.Benchmarks.Fft.Fftw.IsAvailable)
        {
            _fftw = FftwPlan.Complex(N);
            var x = _fftw.Input;
            for (var i = 0; i < N; i++)
            {
                x[2 * i] = _re[i];
                x[2 * i + 1] = _im[i];
            }
        }
    }

    /// <summary>Releases the FFTW plan.</summary>
    [GlobalCleanup]
    public void Cleanup() => _fftw?.Dispose();

    /// <summary>FFTW 3 fftwf_execute of a FFTW_MEASURE plan, interleaved complex, out of place.</summary>
    [Benchmark]
    public void Fftw() => _fftw!.Execute();

    /// <summary>MathNet.Numerics managed provider, unscaled forward.</summary>
    [Benchmark(Baseline = true)]
    public void MathNet()
    {
        _source.CopyTo(_work, 0);
        Fourier.Forward(_work, FourierOptions.NoScaling);
    }

    /// <summary>RovDsp split layout, out of place.</summary>
    [Benchmark]
    public void RovDspForward() => _plan.Forward(_re, _im, _outRe, _outIm);

    /// <summary>RovDsp split layout, in place (input copied in first, like the baseline).</summary>
    [Benchmark]
    public void RovDspForwardInPlace()
    {
        _re.CopyTo(_outRe, 0);
        _im.CopyTo(_outIm, 0);
        _plan.Forward(_outRe, _outIm);
    }

    /// <summary>RovDsp split layout, inverse (scaled 1/N), out of place.</summary>
    [Benchmark]
    public void RovDspInverse() => _plan.Inverse(_re, _im, _outRe, _outIm);
}
