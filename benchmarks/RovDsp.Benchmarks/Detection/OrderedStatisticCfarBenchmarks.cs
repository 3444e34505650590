using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Detection;

namespace RovDsp.Benchmarks.Detection;

/// <summary>OS-CFAR detections on 8192 exponential cells (guard 2, training 16 per side, rank 24 of 32) vs sorting
/// the training cells of every cell.</summary>
[MemoryDiagnoser]
public class OrderedStatisticCfarBenchmarks : CfarBenchmarkBase
{
    private const int K = 24;
    private float[] _train = [];
    private OrderedStatisticCfar _os = null!;

    private protected override void CreateDetector()
    {
        _train = new float[2 * T];
        _os = new OrderedStatisticCfar(G, T, K, 1e-4);
    }

    /// <summary>Plain scalar OS-CFAR: copy and sort the 2T training cells of every cell.</summary>
    [Benchmark(Baseline = true)]
    public int OrderedStatisticScalar()
    {
        var alpha = _os.Alpha;
        var count = 0;
        for (var i = G + T; i < N - G - T; i++)
        {
            _p.AsSpan(i - G - T, T).CopyTo(_train);
            _p.AsSpan(i + G + 1, T).CopyTo(_train.AsSpan(T));
            Array.Sort(_train);
            var d = _p[i] > (float)(alpha * _train[K - 1]);
            _det[i] = d;
            count += d ? 1 : 0;
        }
        return count;
    }

    /// <summary>RovDsp's OS-CFAR (sliding sorted window).</summary>
    [Benchmark]
    public int OrderedStatistic() => _os.Detect(_p, _th, _det);
}
