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
    private const int BlockLength = 8192;

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
        _input = new float[BlockLength];
        for (var i = 0; i < _input.Length; i++)
        {
            _input[i] = (float)(rng.NextDouble() - 0.5);
        }
        _output = new float[BlockLength];
        _taps = new float[Taps];
        for (var i = 0; i < _taps.Length; i++)
        {
            _taps[i] = (float)(rng.NextDouble() - 0.5) / Taps;
        }
        _history = new float[Taps - 1 + BlockLength];
        _direct = new FirFilter(_taps);
        _convolver = new OverlapSaveConvolver(_taps);
    }

    /// <summary>Plain scalar direct form over a contiguous history.</summary>
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

    /// <summary>Direct vectorised FIR.</summary>
    [Benchmark]
    public void DirectFir() => _direct.Process(_input, _output);

    /// <summary>Partitioned overlap-save.</summary>
    [Benchmark]
    public void OverlapSave() => _convolver.Process(_input, _output);
}
