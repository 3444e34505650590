using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.ScanningSonar;

namespace RovDsp.Benchmarks.Pipelines;

/// <summary>
/// Scanning-sonar pipeline, one Ping360 step per call: 1200 8-bit samples over 20 m from the dive simulator
/// (obstacle dive, seed 1; two turns of steps replayed in a loop), 400 × 600 polar image; one call in 50 closes a
/// sector and runs the obstacle detector, so <see cref="ProcessStep"/> is the amortised cost. Real-time factor =
/// step period / mean time: at 30 steps/s (33.3 ms) a mean of 333 µs is 100×. Baseline: converting the step's
/// bytes to floats (what any consumer pays).
/// </summary>
[MemoryDiagnoser]
public class ScanningSonarPipelineBenchmarks
{
    private const int Steps = 800;
    private ScanningSonarStep[] _steps = [];
    private ScanningSonarPipeline _pipeline = null!;
    private float[] _floats = [];
    private byte[] _pixels = [];
    private int _next;

    /// <summary>Simulates the steps and warms the pipeline.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, 1, TimeSpan.FromSeconds(60)));
        var sim = new ScanningSonarSimulator(world);
        _steps = new ScanningSonarStep[Steps];
        for (var k = 0; k < Steps; k++)
        {
            _steps[k] = new ScanningSonarStep();
            sim.Next(_steps[k]);
        }
        _pipeline = new ScanningSonarPipeline(new ScanningSonarSettings { SoundSpeedMps = sim.SoundSpeedMps });
        _floats = new float[1200];
        _pixels = new byte[_pipeline.Settings.CartesianSize * _pipeline.Settings.CartesianSize];
        for (var k = 0; k < Steps; k++)
        {
            ProcessStep();
        }
    }

    /// <summary>Bytes to floats for one step (scalar loop).</summary>
    [Benchmark(Baseline = true)]
    public float ConvertStep()
    {
        var step = _steps[_next++ % Steps];
        var data = step.Intensities;
        for (var i = 0; i < step.SampleCount; i++)
        {
            _floats[i] = data[i];
        }
        return _floats[0];
    }

    /// <summary>One step through the pipeline (TVG, resampling, normalisation, image, amortised sector detection).</summary>
    [Benchmark]
    public int ProcessStep() => _pipeline.Process(_steps[_next++ % Steps]).ObstacleCount;

    /// <summary>Obstacle detection over the whole turn (what a once-per-revolution policy would cost).</summary>
    [Benchmark]
    public int DetectWholeTurn() => _pipeline.DetectWholeTurn();

    /// <summary>The 400 × 400 Cartesian display image.</summary>
    [Benchmark]
    public byte RenderCartesian()
    {
        _pipeline.RenderCartesian(_pixels);
        return _pixels[0];
    }
}
