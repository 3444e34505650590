using RovDsp.Replay.Processing;
using RovDsp.Replay.Recording;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Tests.Playback;
using RovDsp.Replay.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Processing;

/// <summary>
/// <c>process</c> on a minute of full-rate simulated dive (echosounder 10 pings/s, imaging sonar 256 × 703 at
/// 10 frames/s, scanning sonar 30 steps/s × 1200 samples, the slurry line's 8 sensors). A ratio, not a time: the
/// recorded span over the wall time. The floor is a regression guard far under what a quiet machine does (the
/// 10-minute figure is measured with the CLI and reported, not asserted here): it fails if processing falls
/// back to the per-image StbImageWrite cost or loses its read-ahead thread, not on a busy machine.
/// </summary>
// Asserts a real-time factor: runs alone, as it did in the bridge tests (which run one class at a time).
[Collection(TimingSensitiveCollection.Name)]
public sealed class FullRateSpeedTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rovdsp-speed-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper _output;

    public FullRateSpeedTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ReleaseFact]
    public async Task Full_rate_minute_processes_at_least_10x_real_time()
    {
        var input = Path.Combine(_dir, "dive60.mcap");
        new DiveRecorder(DiveScenario.Create(ScenarioKind.Obstacle, 1, TimeSpan.FromSeconds(60)), DiveRecordingOptions.FullRate).Write(input);
        // Warm-up on the same file (JIT, tiered compilation), then the measured run.
        await new DiveProcessor().ProcessAsync(input, Path.Combine(_dir, "warm.mcap"));
        var result = await new DiveProcessor().ProcessAsync(input, Path.Combine(_dir, "processed.mcap"));
        _output.WriteLine($"{result.RawMessages} messages, {result.DurationSeconds:F1} s in {result.Elapsed.TotalSeconds:F2} s: {result.RealTimeFactor:F0}x real time");
        Assert.True(result.RawMessages > 20_000, $"{result.RawMessages} messages: not a full-rate minute");
        // Before this floor existed the same minute ran at ~4-6x on a loaded machine, ~14x quiet (StbImageWrite).
        Assert.True(result.RealTimeFactor >= 10, $"{result.RealTimeFactor:F1}x real time");
    }
}
