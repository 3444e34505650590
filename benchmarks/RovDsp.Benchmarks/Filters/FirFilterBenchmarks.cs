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
    private const int BlockLength = 8192;

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
        _input = new float[BlockLength];
        for (var i = 0; i < _input.Length; i++)
        {
            _input[i] = (float)(rng.NextDouble() - 0.5);
        }
        _output = new float[BlockLength];
        _taps = new float[Taps];
        for (var i = 0; i < _taps.Length; i++)
        {
            _taps[i] = (float)(rng.NextDouble() - 0.5);
        }
        _history = new float[Taps - 1 + BlockLength];
        _filter = new FirFilter(_taps);
    }

    /// <summary>Plain scalar direct form: copy the block behind the history, one dot product per output.</summary>
    [Benchmark(Baseline = true)]
    public void ScalarLoop()
    {
        var n = _taps.Length;
        var h = _taps;
        var hist = _history;
        _input.CopyTo(hist, n - 1);
        for (var i = 0; i < BlockLength; i++)
        {
            var acc = 0f;
            var newest = n - 1 + i;
            for (var k = 0; k < n; k++)
            {
                acc += h[k] * hist[newest - k];
            }
            _output[i] = acc;
        }
        Array.Copy(hist, BlockLength, hist, 0, n - 1);
    }

    /// <summary>The vectorised filter.</summary>
    [Benchmark]
    public void Vectorized() => _filter.Process(_input, _output);
}
