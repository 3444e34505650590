using BenchmarkDotNet.Attributes;
using RovDsp.Bridge.Imaging;
using RovDsp.Dsp.Pipelines.Imaging;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Multibeam;
using StbImageWriteSharp;

namespace RovDsp.Benchmarks.Imaging;

/// <summary>
/// PNG encoding of the imaging sonar's 512 × 512 fan image (Obstacle scenario, seed 1, frame 125, rendered by the
/// imaging pipeline), the one per-image cost of the fan and scan feeds (2 images/s each by default).
/// Baseline: StbImageWriteSharp's <c>WritePng</c>, which the image feeds used before <see cref="PngEncoder"/>
/// (adaptive filters, its own deflate, unmanaged allocations per image).
/// </summary>
[MemoryDiagnoser]
public class PngEncoderBenchmarks
{
    private readonly byte[] _fan = new byte[512 * 512];
    private readonly MemoryStream _stb = new(256 * 1024);
    private readonly ImageWriter _writer = new();
    private readonly PngEncoder _encoder = new();

    /// <summary>Renders the fan.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, 1, TimeSpan.FromMinutes(10)));
        var sim = new MultibeamSimulator(world);
        var frame = sim.CreateFrame();
        sim.Simulate(125, frame, new List<MultibeamObstacleTruth>());
        var pipeline = new ImagingPipeline(new ImagingSettings());
        pipeline.Process(frame);
        pipeline.RenderFan(_fan);
        _encoder.Encode(_fan, 512, 512);
    }

    /// <summary>Baseline: StbImageWriteSharp, as the feeds did.</summary>
    [Benchmark(Baseline = true)]
    public long StbImageWrite()
    {
        _stb.SetLength(0);
        _writer.WritePng(_fan, 512, 512, ColorComponents.Grey, _stb);
        return _stb.Length;
    }

    /// <summary>Filter Up, zlib at its fastest level, reused buffers.</summary>
    [Benchmark]
    public int PngEncoder() => _encoder.Encode(_fan, 512, 512).Length;
}
