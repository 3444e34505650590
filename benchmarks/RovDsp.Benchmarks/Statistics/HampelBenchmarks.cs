using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Statistics;

namespace RovDsp.Benchmarks.Statistics;

/// <summary>Hampel filter on 8192 samples: sorted sliding window + merge-walk MAD vs sorting every window twice.</summary>
[MemoryDiagnoser]
public class HampelBenchmarks
{
    private const int N = 8192;
    private float[] _x = [];
    private float[] _y = [];
    private float[] _window = [];
    private double[] _dev = [];
    private HampelFilter _filter = null!;

    /// <summary>Half window k (window 2k+1).</summary>
    [Params(3, 16)]
    public int K { get; set; }

    /// <summary>Sine plus noise with 2 % spikes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _x = new float[N];
        for (var i = 0; i < N; i++)
        {
            _x[i] = (float)(Math.Sin(i * 0.01) + 0.05 * (rng.NextDouble() - 0.5) + (rng.Next(50) == 0 ? 5 : 0));
        }
        _y = new float[N];
        _window = new float[2 * K + 1];
        _dev = new double[2 * K + 1];
        _filter = new HampelFilter(K);
    }

    /// <summary>Plain scalar Hampel: copy each centred window, sort it, sort the absolute deviations.</summary>
    [Benchmark(Baseline = true)]
    public void SortPerSample()
    {
        var k = K;
        var w = 2 * k + 1;
        for (var i = 0; i < N; i++)
        {
            if (i < k || i >= N - k)
            {
                _y[i] = _x[i];
                continue;
            }
            _x.AsSpan(i - k, w).CopyTo(_window);
            Array.Sort(_window);
            double med = _window[k];
            for (var j = 0; j < w; j++)
            {
                _dev[j] = Math.Abs(_window[j] - med);
            }
            Array.Sort(_dev);
            _y[i] = Math.Abs(_x[i] - med) > 3.0 * (1.4826 * _dev[k]) ? (float)med : _x[i];
        }
    }

    /// <summary>RovDsp's streaming Hampel filter.</summary>
    [Benchmark]
    public void HampelFilter() => _filter.Process(_x, _y);
}
