using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Slurry;

namespace RovDsp.Benchmarks.Pipelines;

/// <summary>
/// SlurryLinePipeline per reading on simulated input: all eight sensors at 100 Hz (the top of docs/domain.md's
/// 10–100 Hz range, 800 readings per second of line time) from a nominal dive while mining, with noise, spikes,
/// dropouts and heave. One invocation processes one second of stream (800 readings), so the real-time factor is
/// 1 s / (800 × the reported per-reading time). Floor: 100× real time on one core, 0 B allocated. Baseline: a
/// plain scalar loop that only books Q·ρ from the raw readings (no checks, despiking, filtering or alignment).
/// Measured (--job short, shared 2-core machine): about 380 ns per reading, i.e. about 0.3 ms per second of
/// stream, ≈ 3,000× real time; 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class SlurryLinePipelineBenchmarks
{
    private const int ReadingsPerSecond = 800;
    private const long StreamNs = 60L * 1_000_000_000L;

    private SlurrySample[] _stream = [];
    private SlurryLinePipeline _pipeline = null!;
    private int _next;
    private long _offsetNs;
    private double _baselineTonnes;
    private float _baselineVelocity, _baselineDensity = 1028f;

    /// <summary>Simulates 60 s of mining (from 40 s into a nominal dive) and warms the pipeline on it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var sensors = SlurryLineSettings.DefaultSensors.Select(s => s with { RateHz = 100.0 }).ToArray();
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 11, TimeSpan.FromSeconds(100)));
        var simulator = new SlurrySimulator(world, new SlurrySimulatorSettings { Sensors = sensors });
        var list = new List<SlurrySample>();
        var startNs = world.Scenario.StartTimeNs + 40L * 1_000_000_000L;
        while (simulator.TryNext(out var sample, out _))
        {
            if (sample.Stamp.TimestampNs >= startNs)
            {
                list.Add(sample);
            }
        }
        _stream = [.. list];
        _pipeline = new SlurryLinePipeline(new SlurryLineSettings { Sensors = sensors });
        for (var i = 0; i < 4; i++)
        {
            ProcessOneSecond();
        }
    }

    /// <summary>One second of line time through the pipeline; reported per reading.</summary>
    [Benchmark(OperationsPerInvoke = ReadingsPerSecond)]
    public float ProcessOneSecond()
    {
        var pipeline = _pipeline;
        var stream = _stream;
        var sum = 0f;
        for (var i = 0; i < ReadingsPerSecond; i++)
        {
            var s = stream[_next];
            // Replays the 60 s loop forward in time: each pass is stamped 60 s after the previous one.
            var shifted = s with { Stamp = new MessageStamp(s.Stamp.TimestampNs + _offsetNs, s.Stamp.Sequence) };
            sum += pipeline.Process(shifted).DrySolidsTph;
            if (++_next == stream.Length)
            {
                _next = 0;
                _offsetNs += StreamNs;
            }
        }
        return sum;
    }

    /// <summary>Baseline: raw Q·ρ booking per reading, no conditioning.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = ReadingsPerSecond)]
    public double ScalarBookingOnly()
    {
        var stream = _stream;
        const double area = Math.PI * 0.2 * 0.2 / 4.0;
        for (var i = 0; i < ReadingsPerSecond; i++)
        {
            var s = stream[_next];
            if (s.Kind == SlurrySensorKind.FlowVelocity)
            {
                _baselineVelocity = s.Value;
                _baselineTonnes += _baselineDensity * _baselineVelocity * area * 0.01 / 1000.0;
            }
            else if (s.Kind == SlurrySensorKind.DensityUltrasonic)
            {
                _baselineDensity = s.Value;
            }
            if (++_next == stream.Length)
            {
                _next = 0;
            }
        }
        return _baselineTonnes;
    }
}
