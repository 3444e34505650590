using BenchmarkDotNet.Attributes;
using RovDsp.Benchmarks.Png.Previous;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Processing.Compression;
using RovDsp.Processing.Png;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Multibeam;
using RovDsp.Replay.Simulation.ScanningSonar;
using StbImageWriteSharp;

namespace RovDsp.Benchmarks.Png;

/// <summary>
/// PNG encoding of the two display images the bridge and <c>rovdsp-replay process</c> encode most: the imaging
/// sonar's 512 × 512 fan (Obstacle scenario, seed 1, frame 125, rendered by the imaging pipeline) and the scanning
/// sonar's 400 × 400 Cartesian image (Obstacle scenario, seed 1, after 800 steps, two turns).
/// Baseline: <see cref="ZlibPngEncoder"/>, the frozen previous encoder (same filter, the runtime's zlib at level 1
/// with the run-length strategy). Also StbImageWriteSharp's <c>WritePng</c>, which the image feeds used before
/// that. The setup prints each encoder's size in bytes for the image.
/// </summary>
[MemoryDiagnoser]
public class PngEncoderBenchmarks
{
    private readonly MemoryStream _stb = new(512 * 1024);
    private readonly ImageWriter _writer = new();
    private readonly PngEncoder _encoder = new();
    private readonly ZlibPngEncoder _zlib = new();
    private byte[] _pixels = [];
    private int _size;

    /// <summary>Which image: <c>Fan512</c> or <c>Scan400</c>.</summary>
    [Params("Fan512", "Scan400")]
    public string Image { get; set; } = "Fan512";

    /// <summary>Renders the image and reports the encoded sizes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, 1, TimeSpan.FromMinutes(10)));
        if (Image == "Fan512")
        {
            _size = 512;
            _pixels = new byte[_size * _size];
            var sim = new MultibeamSimulator(world);
            var frame = sim.CreateFrame();
            sim.Simulate(125, frame, new List<MultibeamObstacleTruth>());
            var pipeline = new MultibeamPipeline(new MultibeamSettings());
            pipeline.Process(frame);
            pipeline.RenderFan(_pixels);
        }
        else
        {
            var sim = new ScanningSonarSimulator(world);
            var pipeline = new ScanningSonarPipeline(new ScanningSonarSettings { SoundSpeedMps = sim.SoundSpeedMps });
            var step = new ScanningSonarStep();
            for (var k = 0; k < 800; k++)
            {
                sim.Next(step);
                pipeline.Process(step);
            }

            _size = pipeline.Settings.CartesianSize;
            _pixels = new byte[_size * _size];
            pipeline.RenderCartesian(_pixels);
        }

        Console.WriteLine($"// {Image} {_size}x{_size}: PngEncoder {PngEncoder()} bytes, ZlibPngEncoder {ZlibRunLength()} bytes, StbImageWrite {StbImageWrite()} bytes");
    }

    /// <summary>Baseline: the previous encoder, the runtime's zlib (level 1, run-length strategy).</summary>
    [Benchmark(Baseline = true)]
    public int ZlibRunLength() => _zlib.Encode(_pixels, _size, _size).Length;

    /// <summary>Filter Up and <see cref="RunLengthDeflater"/>: run-length matches, one dynamic-Huffman block.</summary>
    [Benchmark]
    public int PngEncoder() => _encoder.Encode(_pixels, _size, _size).Length;

    /// <summary>StbImageWriteSharp, as the feeds did before either.</summary>
    [Benchmark]
    public long StbImageWrite()
    {
        _stb.SetLength(0);
        _writer.WritePng(_pixels, _size, _size, ColorComponents.Grey, _stb);
        return _stb.Length;
    }
}
