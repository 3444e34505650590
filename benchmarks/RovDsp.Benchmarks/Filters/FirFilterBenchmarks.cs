using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Filters;

namespace RovDsp.Benchmarks.Filters;

/// <summary>
/// FirFilter throughput on 8192-sample blocks. Floor: 64 taps above 200 million samples per second on one core
/// (below 41 µs per block) with 0 B allocated. Baseline: a plain scalar loop, one dot product per output over the
/// same contiguous history layout.
/// </summary>
[MemoryDiagnoser]
public class FirFilterBenchmarks
{
    private const int BlockLength = FilterBenchmarkData.BlockLength;

    private float[] _input = [];
    private float[] _output = [];
    private float[] _taps = [];
    private float[] _history = [];
    private FirFilter _filter = null!;

    /// <summary>Number of taps.</summary>
    [Params(32, 64, 255)]
    public int Taps { get; set; }

    /// <summary>Builds the filter and a noise block.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _input = FilterBenchmarkData.Noise(rng, BlockLength);
        _output = new float[BlockLength];
        _taps = FilterBenchmarkData.Noise(rng, Taps);
        _history = new float[Taps - 1 + BlockLength];
        _filter = new FirFilter(_taps);
    }

    /// <summary>Plain scalar direct form: copy the block behind the history, one dot product per output.</summary>
    [Benchmark(Baseline = true)]
    public void ScalarLoop() => FilterBenchmarkData.ScalarFir(_taps, _history, _input, _output);

    /// <summary>The vectorised filter.</summary>
    [Benchmark]
    public void Vectorized() => _filter.Process(_input, _output);
}
