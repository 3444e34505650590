using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Dsp.Tests.Pipelines.Slurry;

/// <summary>Totals restored after a restart (<see cref="SlurryLinePipeline.RestoreTotals"/>), against the closed form of
/// a constant flow: the same day continues with the outage unmeasured, another day starts from zero, readings from
/// before the checkpoint are not counted twice, and unusable totals are refused.</summary>
public sealed class SlurryTotalsRestoreTests
{
    private const double RhoS = 2600.0, RhoW = 1028.0;
    private const float Mixture = 1106.5f;
    private const long Second = 1_000_000_000L;
    private static readonly double Area = Math.PI * 0.2 * 0.2 / 4.0;
    private static readonly double DryTonnesPerS = RhoS * (Mixture - RhoW) / (RhoS - RhoW) * 1.0 * Area / 1000.0;
    private static readonly double WetTonnesPerS = Mixture * 1.0 * Area / 1000.0;

    private static SlurryLinePipeline Line() =>
        new(SlurryFeed.Only(SlurrySensorKind.FlowVelocity, SlurrySensorKind.DensityUltrasonic));

    private static SlurryFeed Feed(SlurryLinePipeline pipeline, long originNs) =>
        new(pipeline, (SlurrySensorKind.FlowVelocity, _ => 1.0f), (SlurrySensorKind.DensityUltrasonic, _ => Mixture)) { OriginNs = originNs };

    private static SlurryTotals CountFor(double seconds)
    {
        var before = Line();
        Feed(before, SlurryFeed.StartNs).RunUntil(seconds);
        return before.Totals;
    }

    [Fact]
    public void The_same_day_continues_from_the_checkpoint_with_the_outage_unmeasured()
    {
        var saved = CountFor(50.0);
        Assert.Equal(DryTonnesPerS * (saved.AsOfNs - SlurryFeed.StartNs) / 1e9, saved.DryTonnes, 1e-9);

        var after = Line();
        after.RestoreTotals(saved);
        var restartNs = SlurryFeed.StartNs + 60 * Second;
        Feed(after, restartNs).RunUntil(30.0);

        var counted = (after.State.TonnesAsOfNs - restartNs) / 1e9;
        var outage = (restartNs - saved.AsOfNs) / 1e9;
        Assert.Equal(1, after.RestoredOutcome);
        Assert.Equal(saved.DryTonnes + DryTonnesPerS * counted, after.State.DryTonnesToday, 1e-9);
        Assert.Equal(saved.WetTonnes + WetTonnesPerS * counted, after.State.WetTonnesToday, 1e-9);
        Assert.Equal(outage, after.State.UnmeasuredSecondsToday, 1e-9);
        Assert.Equal(saved.CountedSeconds + outage + counted, after.Totals.CountedSeconds, 1e-6);
    }

    [Fact]
    public void Totals_of_another_day_are_dropped()
    {
        var saved = CountFor(50.0);
        var after = Line();
        after.RestoreTotals(saved);
        var nextDayNs = SlurryFeed.StartNs + 86_400 * Second;
        Feed(after, nextDayNs).RunUntil(20.0);

        Assert.Equal(-1, after.RestoredOutcome);
        Assert.Equal(DryTonnesPerS * (after.State.TonnesAsOfNs - nextDayNs) / 1e9, after.State.DryTonnesToday, 1e-9);
        Assert.Equal(0.0, after.State.UnmeasuredSecondsToday);
    }

    [Fact]
    public void Readings_from_before_the_checkpoint_are_not_counted_twice()
    {
        var saved = CountFor(50.0);
        var after = Line();
        after.RestoreTotals(saved);
        // The broker delivers again from 40 s: the 10 s up to the checkpoint were counted in it already.
        Feed(after, SlurryFeed.StartNs + 40 * Second).RunUntil(30.0);

        Assert.Equal(1, after.RestoredOutcome);
        Assert.Equal(saved.DryTonnes + DryTonnesPerS * (after.State.TonnesAsOfNs - saved.AsOfNs) / 1e9, after.State.DryTonnesToday, 1e-9);
        Assert.Equal(0.0, after.State.UnmeasuredSecondsToday);
    }

    [Fact]
    public void Unusable_totals_are_refused_with_the_reason()
    {
        var line = Line();
        var nan = Assert.Throws<ArgumentException>(() => line.RestoreTotals(new SlurryTotals(SlurryFeed.StartNs, double.NaN, 1, 10, 0)));
        Assert.Contains("finite", nan.Message, StringComparison.Ordinal);
        var unmeasured = Assert.Throws<ArgumentException>(() => line.RestoreTotals(new SlurryTotals(SlurryFeed.StartNs, 1, 1, 10, 11)));
        Assert.Contains("unmeasured", unmeasured.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => line.RestoreTotals(new SlurryTotals(0, 1, 1, 10, 0)));

        Feed(line, SlurryFeed.StartNs).RunUntil(5.0);
        Assert.Throws<InvalidOperationException>(() => line.RestoreTotals(new SlurryTotals(SlurryFeed.StartNs, 1, 1, 10, 0)));
    }
}
