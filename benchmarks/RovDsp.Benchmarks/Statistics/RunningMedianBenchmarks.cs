using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Statistics;

namespace RovDsp.Benchmarks.Statistics;

/// <summary>Causal running median on 8192 samples: sorted ring with binary insertion vs sorting every window.</summary>
[MemoryDiagnoser]
public class RunningMedianBenchmarks
{
    private const int N = 8192;
    private float[] _x = [];
    private float[] _y = [];
    private float[] _window = [];
    private RunningMedian _median = null!;

    /// <summary>Window length.</summary>
    [Params(9, 65, 255)]
    public int Window { get; set; }

    /// <summary>Uniform noise.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        _x = new float[N];
        for (var i = 0; i < N; i++)
        {
            _x[i] = (float)rng.NextDouble();
        }
        _y = new float[N];
        _window = new float[Window];
        _median = new RunningMedian(Window);
    }

    /// <summary>Plain scalar: copy the last w samples and sort them for every output (full windows only).</summary>
    [Benchmark(Baseline = true)]
    public void SortPerSample()
    {
        var w = Window;
        for (var i = w - 1; i < N; i++)
        {
            _x.AsSpan(i - w + 1, w).CopyTo(_window);
            Array.Sort(_window);
            _y[i] = (w & 1) == 1 ? _window[w / 2] : 0.5f * (_window[w / 2 - 1] + _window[w / 2]);
        }
    }

    /// <summary>RovDsp's running median.</summary>
    [Benchmark]
    public void RunningMedian() => _median.Process(_x, _y);
}
