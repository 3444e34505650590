using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Detection;

namespace RovDsp.Benchmarks.Detection;

/// <summary>CA-CFAR detections on 8192 exponential cells (guard 2, training 16 per side) vs a per-cell sum.</summary>
[MemoryDiagnoser]
public class CellAveragingCfarBenchmarks : CfarBenchmarkBase
{
    private CellAveragingCfar _ca = null!;

    private protected override void CreateDetector() => _ca = new CellAveragingCfar(G, T, 1e-4);

    /// <summary>Plain scalar CA-CFAR: sum the 2T training cells of every cell.</summary>
    [Benchmark(Baseline = true)]
    public int CellAveragingScalar()
    {
        var scale = _ca.Alpha / (2 * T);
        var count = 0;
        for (var i = G + T; i < N - G - T; i++)
        {
            var s = 0.0;
            for (var j = 1; j <= T; j++)
            {
                s += _p[i - G - j] + _p[i + G + j];
            }
            var d = _p[i] > (float)(scale * s);
            _det[i] = d;
            count += d ? 1 : 0;
        }
        return count;
    }

    /// <summary>RovDsp's CA-CFAR (sliding sums).</summary>
    [Benchmark]
    public int CellAveraging() => _ca.Detect(_p, _th, _det);
}
