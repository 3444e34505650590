using BenchmarkDotNet.Attributes;
using RovDsp.Baselines.Pipelines;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Multibeam;

namespace RovDsp.Benchmarks.Pipelines;

/// <summary>
/// The imaging pipeline on one simulated 256 × 703 8-bit Oculus-layout frame (Obstacle scenario, seed 1, a frame
/// with boulders in the fan). At 10 frames/s the stream gives 100 ms per frame: real-time factor = 100 ms /
/// time per frame (floor 100x, i.e. under 1 ms). Baseline: the previous implementation
/// (<see cref="MultibeamPipelinePrevious"/>, <see cref="PolarObstacleDetectorPrevious"/>: frozen copies from before the
/// per-frame speed-up), so new against previous comes out of one run on one machine. A plain scalar loop that only
/// turns the 8-bit range-major frame into beam-major floats shows the least any pipeline must do.
/// </summary>
[MemoryDiagnoser]
public class MultibeamPipelineBenchmarks
{
    private MultibeamFrame _frame = new();
    private MultibeamPipeline _pipeline = null!;
    private MultibeamPipelinePrevious _previous = null!;
    private PolarObstacleDetector _detector = null!;
    private PolarObstacleDetectorPrevious _previousDetector = null!;
    private float[] _image = [];
    private float[] _scratch = [];
    private readonly Obstacle[] _obstacles = new Obstacle[64];
    private readonly byte[] _fan = new byte[512 * 512];

    /// <summary>Simulates the frame and warms the pipeline (its geometry tables are built on the first frame).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, 1, TimeSpan.FromMinutes(10)));
        var sim = new MultibeamSimulator(world);
        _frame = sim.CreateFrame();
        sim.Simulate(125, _frame, new List<MultibeamObstacleTruth>());
        _pipeline = new MultibeamPipeline(new MultibeamSettings());
        _pipeline.Process(_frame);
        _pipeline.RenderFan(_fan);
        _previous = new MultibeamPipelinePrevious(new MultibeamSettings());
        _previous.Process(_frame);
        _image = _pipeline.Image.ToArray();
        _scratch = new float[_image.Length];
        _detector = new PolarObstacleDetector(new MultibeamSettings().Detector with { Looks = 3 }, 256, 703);
        _previousDetector = new PolarObstacleDetectorPrevious(new MultibeamSettings().Detector with { Looks = 3 }, 256, 703);
    }

    /// <summary>The previous implementation of the whole pipeline on the same frame (the baseline).</summary>
    [Benchmark(Baseline = true)]
    public int PipelinePrevious() => _previous.Process(_frame).ObstacleCount;

    /// <summary>8-bit range-major to float beam-major, scalar: the least any pipeline must do.</summary>
    [Benchmark]
    public float ScalarTranspose()
    {
        var bytes = _frame.ByteSamples;
        var dst = _scratch;
        const int Beams = 256;
        const int Bins = 703;
        for (var r = 0; r < Bins; r++)
        {
            for (var b = 0; b < Beams; b++)
            {
                dst[b * Bins + r] = bytes[r * Beams + b];
            }
        }
        return dst[1234];
    }

    /// <summary>The whole pipeline on one frame.</summary>
    [Benchmark]
    public int Pipeline() => _pipeline.Process(_frame).ObstacleCount;

    /// <summary>The fan image of the last frame (512 × 512), rendered on demand at the display rate (2 Hz).</summary>
    [Benchmark]
    public FanImageGeometry RenderFan() => _pipeline.RenderFan(_fan);

    /// <summary>The whole pipeline with the fan rendered every frame (what it did before rendering was lazy).</summary>
    [Benchmark]
    public int PipelineRenderingEveryFrame()
    {
        var count = _pipeline.Process(_frame).ObstacleCount;
        _pipeline.RenderFan(_fan);
        return count;
    }

    /// <summary>The previous obstacle detector alone on the same image.</summary>
    [Benchmark]
    public int DetectorPrevious() =>
        _previousDetector.Process(_image, 256, 703, _frame.BearingsRad, 0f, (float)_frame.RangeResolutionM, _obstacles);

    /// <summary>The obstacle detector alone on the pipeline's processed image.</summary>
    [Benchmark]
    public int Detector() =>
        _detector.Process(_image, 256, 703, _frame.BearingsRad, 0f, (float)_frame.RangeResolutionM, _obstacles);
}
