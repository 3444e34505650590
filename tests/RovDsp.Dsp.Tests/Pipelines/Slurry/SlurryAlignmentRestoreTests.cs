using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Dsp.Tests.Pipelines.Slurry;

/// <summary>Readings received but not yet counted, carried across a restart (<see cref="SlurryLinePipeline.CaptureAlignment"/>,
/// <see cref="SlurryLinePipeline.RestoreAlignment"/>): against an uninterrupted line fed the same readings, a restart
/// that misses nothing counts the same tonnes with nothing unmeasured (without them the alignment delay would be lost),
/// an outage is unmeasured for its own length only, and readings that do not fit are refused with the reason.</summary>
public sealed class SlurryAlignmentRestoreTests
{
    private const long Second = 1_000_000_000L;

    // The default table's flow meter reads at 100 Hz with a 5-sample Hampel half window.
    private const double FlowHampelLatencyS = 5 / 100.0;

    // A varying flow and density, so a held or misplaced reading shows in the tonnes.
    private static SlurryLinePipeline Line() =>
        new(SlurryFeed.Only(SlurrySensorKind.FlowVelocity, SlurrySensorKind.DensityGamma, SlurrySensorKind.DensityUltrasonic));

    private static SlurryFeed Feed(SlurryLinePipeline pipeline, long originNs) =>
        new(pipeline,
            (SlurrySensorKind.FlowVelocity, t => 2.0f + 0.5f * MathF.Sin((float)t * 0.3f)),
            (SlurrySensorKind.DensityGamma, t => 1150f + 40f * MathF.Sin((float)t * 0.2f)),
            (SlurrySensorKind.DensityUltrasonic, t => 1150f + 40f * MathF.Sin((float)t * 0.2f))) { OriginNs = originNs };

    private static (SlurryTotals Totals, SlurryAlignmentSnapshot Alignment) Checkpoint(SlurryLinePipeline line) =>
        (line.Totals, line.CaptureAlignment()!);

    [Fact]
    public void A_restart_that_misses_no_reading_counts_what_an_uninterrupted_line_counts()
    {
        // The reference: one line fed 30 s (its own feed, so the readings are the same instants as the two halves').
        var reference = Line();
        var whole = Feed(reference, SlurryFeed.StartNs);
        whole.RunUntil(20.0);
        var (saved, aligned) = Checkpoint(reference);
        whole.RunUntil(30.0);

        // The readings the totals had not counted yet: the alignment delay's worth of flow, and more than a reading.
        Assert.True(aligned.Velocity[^1].TimeNs - saved.AsOfNs > 2 * Second, $"carried {aligned.Velocity.Count} flow readings");

        var after = Line();
        after.RestoreTotals(saved);
        after.RestoreAlignment(aligned);
        // The restarted line gets every reading after the checkpoint's (a broker that kept the session).
        var rest = Feed(after, SlurryFeed.StartNs);
        rest.Silent = (_, t) => t <= 20.0;
        rest.RunUntil(30.0);

        Assert.Equal(1, after.RestoredOutcome);
        Assert.Equal(reference.State.TonnesAsOfNs, after.State.TonnesAsOfNs);
        // What is not carried is the flow meter's despiking window (the readings still inside its Hampel filter, 5 at
        // 100 Hz: 0.05 s), which restarts empty; nothing else is unmeasured.
        Assert.Equal(0.0, reference.State.UnmeasuredSecondsToday);
        Assert.InRange(after.State.UnmeasuredSecondsToday, 0.0, FlowHampelLatencyS + 1e-6);
        // The flow between the checkpoint and the first new reading is counted from the carried readings; only the
        // first seconds' density differs (its filters start again), well under 1 % of what was counted since.
        var since = reference.State.WetTonnesToday - saved.WetTonnes;
        Assert.Equal(reference.State.WetTonnesToday, after.State.WetTonnesToday, since * 0.01);
        Assert.Equal(reference.State.DryTonnesToday, after.State.DryTonnesToday, (reference.State.DryTonnesToday - saved.DryTonnes) * 0.02);

        // Without the carried readings the same restart books the alignment delay as unmeasured.
        var without = Line();
        without.RestoreTotals(saved);
        var bare = Feed(without, SlurryFeed.StartNs);
        bare.Silent = (_, t) => t <= 20.0;
        bare.RunUntil(30.0);
        Assert.True(without.State.UnmeasuredSecondsToday > without.AlignmentDelayS - 0.5,
            $"unmeasured {without.State.UnmeasuredSecondsToday} s without the carried readings");
    }

    [Fact]
    public void An_outage_after_the_carried_readings_is_unmeasured_for_its_length()
    {
        var before = Line();
        Feed(before, SlurryFeed.StartNs).RunUntil(20.0);
        var (saved, aligned) = Checkpoint(before);

        var after = Line();
        after.RestoreTotals(saved);
        after.RestoreAlignment(aligned);
        // The readings of 20 s to 25 s died with the process.
        var rest = Feed(after, SlurryFeed.StartNs);
        rest.Silent = (_, t) => t <= 25.0;
        rest.RunUntil(40.0);

        // Five seconds of flow readings are missing; the unmeasured time is those plus the flow meter's despiking
        // window (never the alignment delay on top).
        Assert.InRange(after.State.UnmeasuredSecondsToday, 5.0 - 0.011, 5.0 + FlowHampelLatencyS + 0.011);
    }

    [Fact]
    public void Readings_that_do_not_fit_are_refused_with_the_reason_and_the_totals_stay()
    {
        var before = Line();
        Feed(before, SlurryFeed.StartNs).RunUntil(20.0);
        var (saved, aligned) = Checkpoint(before);

        var line = Line();
        Assert.Throws<InvalidOperationException>(() => line.RestoreAlignment(aligned));
        line.RestoreTotals(saved);

        var backwards = aligned with { Velocity = [.. aligned.Velocity.Reverse()] };
        Assert.Contains("must not go back", Assert.Throws<ArgumentException>(() => line.RestoreAlignment(backwards)).Message, StringComparison.Ordinal);
        var nan = aligned with { Gamma = [new SlurryTimedReading(saved.AsOfNs, float.NaN)] };
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => line.RestoreAlignment(nan)).Message, StringComparison.Ordinal);
        var yesterday = aligned with { Velocity = [new SlurryTimedReading(saved.AsOfNs - 86_400 * Second, 1f)] };
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => line.RestoreAlignment(yesterday)).Message, StringComparison.Ordinal);
        var flood = aligned with { Velocity = [.. Enumerable.Range(0, 100_000).Select(i => new SlurryTimedReading(saved.AsOfNs + i, 1f))] };
        Assert.Contains("more than", Assert.Throws<ArgumentException>(() => line.RestoreAlignment(flood)).Message, StringComparison.Ordinal);
        var heldNaN = aligned with { HeldDensityKgM3 = double.NaN };
        Assert.Contains("held density", Assert.Throws<ArgumentException>(() => line.RestoreAlignment(heldNaN)).Message, StringComparison.Ordinal);

        var noGamma = new SlurryLinePipeline(SlurryFeed.Only(SlurrySensorKind.FlowVelocity, SlurrySensorKind.DensityUltrasonic));
        noGamma.RestoreTotals(saved);
        Assert.Contains("gamma", Assert.Throws<ArgumentException>(() => noGamma.RestoreAlignment(aligned)).Message, StringComparison.Ordinal);

        // The refusals left the totals restored: the line continues the day from them.
        Feed(line, SlurryFeed.StartNs + 21 * Second).RunUntil(10.0);
        Assert.Equal(1, line.RestoredOutcome);
        Assert.True(line.State.WetTonnesToday > saved.WetTonnes);
    }
}
