using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Filters;

namespace RovDsp.Benchmarks.Filters;

/// <summary>
/// Long-kernel convolution (1000 and 4000 taps) on 8192-sample blocks: the partitioned overlap-save convolver
/// against the direct vectorised <see cref="FirFilter"/> and a plain scalar loop (baseline). All 0 B per call.
/// </summary>
[MemoryDiagnoser]
public class OverlapSaveConvolverBenchmarks
{
    private const int BlockLength = FilterBenchmarkData.BlockLength;

    private float[] _input = [];
    private float[] _output = [];
    private float[] _taps = [];
    private float[] _history = [];
    private FirFilter _direct = null!;
    private OverlapSaveConvolver _convolver = null!;

    /// <summary>Kernel length.</summary>
    [Params(1000, 4000)]
    public int Taps { get; set; }

    /// <summary>Builds the filters and a noise block.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _input = FilterBenchmarkData.Noise(rng, BlockLength);
        _output = new float[BlockLength];
        _taps = FilterBenchmarkData.Noise(rng, Taps, 1f / Taps);
        _history = new float[Taps - 1 + BlockLength];
        _direct = new FirFilter(_taps);
        _convolver = new OverlapSaveConvolver(_taps);
    }

    /// <summary>Plain scalar direct form over a contiguous history.</summary>
    [Benchmark(Baseline = true)]
    public void ScalarLoop() => FilterBenchmarkData.ScalarFir(_taps, _history, _input, _output);

    /// <summary>Direct vectorised FIR.</summary>
    [Benchmark]
    public void DirectFir() => _direct.Process(_input, _output);

    /// <summary>Partitioned overlap-save.</summary>
    [Benchmark]
    public void OverlapSave() => _convolver.Process(_input, _output);
}
