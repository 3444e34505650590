using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Filters;

namespace RovDsp.Benchmarks.Filters;

/// <summary>
/// 8th-order Butterworth low-pass (scipy <c>butter(8, 0.2, output='sos')</c>, four sections) on 8192-sample
/// blocks. Baseline: a plain scalar float Direct Form II transposed loop, sample by sample through the sections.
/// </summary>
[MemoryDiagnoser]
public class SosFilterBenchmarks
{
    private const int BlockLength = FilterBenchmarkData.BlockLength;

    private static readonly double[] Sos =
    [
        2.3959644103776194e-05, 4.791928820755239e-05, 2.3959644103776194e-05, 1.0, -1.0263514742610553, 0.26864019099379005,
        1.0, 2.0, 1.0, 1.0, -1.0868584613628942, 0.3434309401653659,
        1.0, 2.0, 1.0, 1.0, -1.219725365124023, 0.5076634651740436,
        1.0, 2.0, 1.0, 1.0, -1.451579594247836, 0.794251053241888,
    ];

    private readonly float[] _coefficients = new float[Sos.Length];
    private readonly float[] _state = new float[8];
    private float[] _input = [];
    private float[] _output = [];
    private SosFilter _filter = null!;

    /// <summary>Builds the filter and a noise block.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _input = FilterBenchmarkData.Noise(rng, BlockLength);
        _output = new float[BlockLength];
        for (var i = 0; i < Sos.Length; i++)
        {
            _coefficients[i] = (float)Sos[i];
        }
        _filter = new SosFilter(Sos);
    }

    /// <summary>Plain scalar float loop over samples and sections.</summary>
    [Benchmark(Baseline = true)]
    public void ScalarLoop()
    {
        var c = _coefficients;
        var z = _state;
        for (var i = 0; i < BlockLength; i++)
        {
            var x = _input[i];
            for (var s = 0; s < 4; s++)
            {
                var r = 6 * s;
                var y = c[r] * x + z[2 * s];
                z[2 * s] = c[r + 1] * x - c[r + 4] * y + z[2 * s + 1];
                z[2 * s + 1] = c[r + 2] * x - c[r + 5] * y;
                x = y;
            }
            _output[i] = x;
        }
    }

    /// <summary>The double-state cascade.</summary>
    [Benchmark]
    public void SosFilter() => _filter.Process(_input, _output);
}
