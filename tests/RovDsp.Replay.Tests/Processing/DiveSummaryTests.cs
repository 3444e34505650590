using RovDsp.Replay.Processing;
using RovDsp.Replay.Recording;
using RovDsp.Replay.Simulation;

namespace RovDsp.Replay.Tests.Processing;

/// <summary><see cref="DiveSummary"/>'s tonnes and <see cref="DiveAccuracy"/>'s tonnes errors on a dive that crosses the operating day's start (JST midnight, 15:00
/// UTC), where the feed's tonnes-today counter restarts from zero: the dive's tonnes are still all it lifted, against
/// the simulator's cumulative truth.</summary>
public sealed class DiveSummaryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rovdsp-summary-" + Guid.NewGuid().ToString("N"));

    public DiveSummaryTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Tonnes_lifted_count_both_sides_of_the_operating_day_start()
    {
        // Starts 14:58:50 UTC; mining begins 30 s in, so the collector lifts for about 40 s before and 30 s after 15:00
        // UTC. The same dive two hours earlier (the same world and readings, shifted in time) never sees a restart.
        const long crossing = (1_799_971_200L + 14 * 3600 + 58 * 60 + 50) * 1_000_000_000L;
        var (summary, result, accuracy) = await Summarise("crossing", crossing);
        var (reference, _, referenceAccuracy) = await Summarise("reference", crossing - 2 * 3600 * 1_000_000_000L);

        var feed = DiveAccuracy.FeedTableOf(result, "slurry")!;
        Assert.True(feed.Rows[^1].Number("dryTonnesToday") < 0.7 * summary.DryTonnes,
            $"the counter restarted during the dive: {feed.Rows[^1].Number("dryTonnesToday")} t at the end, {summary.DryTonnes} t lifted");
        // The feed publishes tonnes to 0.001 t, and the crossing dive's figure adds two published values; what the
        // counter integrates between its last reading before the boundary and the boundary is never published.
        Assert.InRange(summary.DryTonnes, reference.DryTonnes - 0.0015, reference.DryTonnes + 0.0015);
        Assert.InRange(summary.WetTonnes, reference.WetTonnes - 0.0015, reference.WetTonnes + 0.0015);
        // And the simulator's cumulative truth, within the slurry estimate's lag on so short a dive (about -6 % here).
        var truth = result.TruthTable(DiveAccuracy.SlurryTruthTopic)!;
        var dry = truth.Rows[^1].Number(DiveAccuracy.TruthField(truth, "cumulativeDryTonnes", "dryTonnes"));
        Assert.InRange(summary.DryTonnes, dry * 0.9, dry * 1.02);
        // The report's tonnes errors against the truth count both sides of the boundary too: the crossing dive's are
        // the reference's (they were the last day's counter alone against the whole dive's truth: about -53 %).
        Assert.InRange(accuracy.DryTonnesErrorPercent, referenceAccuracy.DryTonnesErrorPercent - 0.5, referenceAccuracy.DryTonnesErrorPercent + 0.5);
        Assert.InRange(accuracy.WetTonnesErrorPercent, referenceAccuracy.WetTonnesErrorPercent - 0.5, referenceAccuracy.WetTonnesErrorPercent + 0.5);
        Assert.Equal("2027-01-15", summary.Day);
        Assert.False(summary.CrossesMidnight);
    }

    private async Task<(DiveSummary, DiveProcessResult, DiveAccuracy)> Summarise(string name, long startNs)
    {
        var dive = DiveScenario.Create(ScenarioKind.Nominal, 7, TimeSpan.FromSeconds(100)) with { StartTimeNs = startNs };
        var input = Path.Combine(_dir, name + ".mcap");
        new DiveRecorder(dive, DiveRecordingOptions.Shipped).Write(input);
        var result = await new DiveProcessor().ProcessAsync(input, Path.Combine(_dir, name + "-processed.mcap"));
        var accuracy = DiveAccuracy.Compute(result);
        return (DiveSummary.From(input, name, result, accuracy), result, accuracy);
    }
}
