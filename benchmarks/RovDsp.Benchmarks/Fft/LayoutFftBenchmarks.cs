using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Fft;

namespace RovDsp.Benchmarks.Fft;

/// <summary>
/// Split versus interleaved complex layout for the same power-of-two radix-4/2 Stockham algorithm
/// (<see cref="ComplexFftPlan"/> versus <see cref="InterleavedFftVariant"/>), same run, out of place.
/// The split plan is the baseline; a ratio above 1 means interleaved is slower.
/// </summary>
[MemoryDiagnoser]
public class LayoutFftBenchmarks
{
    private ComplexFftPlan _split = null!;
    private InterleavedFftVariant _interleaved = null!;
    private float[] _re = [];
    private float[] _im = [];
    private float[] _outRe = [];
    private float[] _outIm = [];
    private float[] _inter = [];
    private float[] _outInter = [];

    /// <summary>Transform length.</summary>
    [Params(256, 1024, 4096, 65536)]
    public int N { get; set; }

    /// <summary>Builds both plans and checks that they agree, so the comparison is between correct transforms.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _re = new float[N];
        _im = new float[N];
        _outRe = new float[N];
        _outIm = new float[N];
        _inter = new float[2 * N];
        _outInter = new float[2 * N];
        for (var i = 0; i < N; i++)
        {
            _re[i] = (float)(2 * rng.NextDouble() - 1);
            _im[i] = (float)(2 * rng.NextDouble() - 1);
            _inter[2 * i] = _re[i];
            _inter[2 * i + 1] = _im[i];
        }
        _split = new ComplexFftPlan(N);
        _interleaved = new InterleavedFftVariant(N);
        Split();
        Interleaved();
        var worst = 0.0;
        for (var i = 0; i < N; i++)
        {
            worst = Math.Max(worst, Math.Abs(_outRe[i] - _outInter[2 * i]) + Math.Abs(_outIm[i] - _outInter[2 * i + 1]));
        }
        if (worst > 1e-4 * Math.Sqrt(N))
        {
            throw new InvalidOperationException($"Interleaved variant disagrees with the split plan by {worst}.");
        }
    }

    /// <summary>Split layout (the library's layout).</summary>
    [Benchmark(Baseline = true)]
    public void Split() => _split.Forward(_re, _im, _outRe, _outIm);

    /// <summary>Interleaved layout variant.</summary>
    [Benchmark]
    public void Interleaved() => _interleaved.Forward(_inter, _outInter);
}
