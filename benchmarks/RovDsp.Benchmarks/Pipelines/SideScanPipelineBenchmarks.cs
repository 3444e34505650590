using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.SideScan;

namespace RovDsp.Benchmarks.Pipelines;

/// <summary>
/// Side-scan pipeline, one line per call: 2 × 1024 16-bit samples over 30 m (the Scotsman Iver2 format), flat
/// speckled seabed at 6 m altitude with an object and its shadow on one line in eight, altitude detected from the
/// water column, 2 × 512 ground bins. Real-time factor = line period / mean time: at 15 lines/s (1/15 s = 66.7 ms)
/// a mean of 667 µs is 100×. Baseline: only widening the XTF samples into the line (what any consumer pays).
/// </summary>
[MemoryDiagnoser]
public class SideScanPipelineBenchmarks
{
    private const int Lines = 64;
    private const int Samples = 1024;
    private ushort[][] _port = [];
    private ushort[][] _starboard = [];
    private SideScanLine _line = null!;
    private SideScanPipeline _pipeline = null!;
    private int _next;

    /// <summary>Builds the lines and warms the pipeline's normalisation.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        const double c = 1500.0, a = 6.0;
        var half = 30.0 / Samples;
        _port = new ushort[Lines][];
        _starboard = new ushort[Lines][];
        for (var l = 0; l < Lines; l++)
        {
            _port[l] = new ushort[Samples];
            _starboard[l] = new ushort[Samples];
            for (var i = 0; i < Samples; i++)
            {
                var s = i * half;
                var g = s > a ? Math.Sqrt(s * s - a * a) : -1;
                double level = g < 0 ? 50 : 8000;
                double stbd = level;
                if (l % 8 == 0 && g >= 9 && g < 9.5)
                {
                    stbd = 30000;
                }
                else if (l % 8 == 0 && g >= 9.5 && g < 12)
                {
                    stbd = 200;
                }
                var speckle = Math.Sqrt(2.0 / Math.PI) * Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble()));
                _port[l][i] = (ushort)Math.Min(65535, level * speckle);
                _starboard[l][i] = (ushort)Math.Min(65535, stbd * speckle);
            }
        }
        _line = new SideScanLine(Samples)
        {
            SampleIntervalS = 2 * 30.0 / c / Samples,
            SoundSpeedMps = c,
            FrequencyHz = 600e3,
            AltitudeM = double.NaN,
        };
        _pipeline = new SideScanPipeline(new SideScanSettings { MaxGroundRangeM = 30, GroundBins = 512, MaxSamples = Samples });
        for (var k = 0; k < 4 * Lines; k++)
        {
            ProcessLine();
        }
    }

    /// <summary>Widening one line's 16-bit samples into the pipeline's input.</summary>
    [Benchmark(Baseline = true)]
    public int CopyLine()
    {
        var l = _next++ % Lines;
        _line.SetSamples(_port[l], _starboard[l]);
        return _line.SampleCount;
    }

    /// <summary>Widening plus the whole pipeline: altitude, TVG, ground range, normalisation, waterfall, targets.</summary>
    [Benchmark]
    public int ProcessLine()
    {
        var l = _next++ % Lines;
        _line.SetSamples(_port[l], _starboard[l]);
        _line.Stamp = new MessageStamp(l, (uint)l);
        return _pipeline.Process(_line).TargetCount;
    }
}
