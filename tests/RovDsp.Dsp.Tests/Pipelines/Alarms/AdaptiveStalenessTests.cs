using RovDsp.Dsp.Pipelines.Alarms;

namespace RovDsp.Dsp.Tests.Pipelines.Alarms;

public sealed class AdaptiveStalenessTests
{
    private const long T0 = 1_799_971_200L * 1_000_000_000L;

    private static AlarmRule Imaging => AlarmRule.Defaults.Single(r => r.Name == "Imaging sonar stale");

    [Fact]
    public void Thresholds_follow_the_interval_between_the_floor_and_the_ceiling()
    {
        // Imaging: floor 3 s (clear 1 s), 4 intervals, ceiling 15 s.
        AlarmEngine.StaleThresholds(Imaging, 0.1, out var raise, out var clear);
        Assert.Equal((3.0, 1.0), (raise, clear));
        AlarmEngine.StaleThresholds(Imaging, 2.0, out raise, out clear);
        Assert.Equal(8.0, raise, 9);
        Assert.Equal(8.0 / 3.0, clear, 9);
        AlarmEngine.StaleThresholds(Imaging, 60.0, out raise, out clear);
        Assert.Equal(15.0, raise, 9);
        Assert.Equal(5.0, clear, 9);
        // Rate unknown: the ceiling.
        AlarmEngine.StaleThresholds(Imaging, 0, out raise, out _);
        Assert.Equal(15.0, raise, 9);
        // A fixed rule ignores the interval.
        var fixedRule = Imaging with { StaleIntervalMultiple = 0 };
        AlarmEngine.StaleThresholds(fixedRule, 2.0, out raise, out clear);
        Assert.Equal((3.0, 1.0), (raise, clear));
    }

    [Fact]
    public void Median_interval_ignores_one_outage()
    {
        var cadence = new FeedCadence();
        Assert.Equal(0, cadence.IntervalNs(AlarmFeed.MultibeamSonar));
        var t = T0;
        for (var i = 0; i < 12; i++)
        {
            cadence.Observe(AlarmFeed.MultibeamSonar, t);
            t += 2_000_000_000L;
        }

        Assert.Equal(2_000_000_000L, cadence.IntervalNs(AlarmFeed.MultibeamSonar));
        // A 30 s gap, then the sensor is back at its rate: the median does not move.
        t += 30_000_000_000L;
        cadence.Observe(AlarmFeed.MultibeamSonar, t);
        Assert.Equal(2_000_000_000L, cadence.IntervalNs(AlarmFeed.MultibeamSonar));
        // Repeated or older timestamps add no interval.
        cadence.Observe(AlarmFeed.MultibeamSonar, t);
        cadence.Observe(AlarmFeed.MultibeamSonar, t - 1);
        Assert.Equal(2_000_000_000L, cadence.IntervalNs(AlarmFeed.MultibeamSonar));
        Assert.Equal(0, cadence.IntervalNs(AlarmFeed.Altimeter));
    }

    /// <summary>Evaluates at 10 Hz for <paramref name="seconds"/> with the imaging sonar sending a frame every
    /// <paramref name="periodS"/> except in [gapFrom, gapTo); returns the imaging-stale events.</summary>
    private static List<AlarmEvent> Run(double periodS, double seconds, double gapFrom, double gapTo)
    {
        var engine = new AlarmEngine();
        var rule = engine.Rules.ToList().FindIndex(r => r.Name == "Imaging sonar stale");
        var cadence = new FeedCadence();
        var events = new AlarmEvent[engine.Rules.Count];
        var found = new List<AlarmEvent>();
        var inputs = new AlarmInputs { AltitudeM = 3, AltitudeValid = true, NearestObstacleRangeM = float.NaN };
        var nextFrame = 0.0;
        for (var k = 0; k <= seconds * 10; k++)
        {
            var t = k / 10.0;
            var now = T0 + (long)Math.Round(t * 1e9);
            foreach (var feed in Enum.GetValues<AlarmFeed>())
            {
                if (feed != AlarmFeed.MultibeamSonar)
                {
                    inputs.SetLastUpdate(feed, now);
                }
            }

            if (t + 1e-9 >= nextFrame)
            {
                nextFrame += periodS;
                if (t < gapFrom || t >= gapTo)
                {
                    cadence.Observe(AlarmFeed.MultibeamSonar, now);
                    inputs.SetLastUpdate(AlarmFeed.MultibeamSonar, now);
                }
            }

            cadence.CopyTo(ref inputs);
            inputs.TimestampNs = now;
            var n = engine.Evaluate(inputs, events);
            found.AddRange(events.AsSpan(0, n).ToArray().Where(e => e.RuleIndex == rule));
        }

        return found;
    }

    [Fact]
    public void A_half_hertz_sonar_is_not_stale_while_alive_and_raises_within_four_intervals_when_it_stops()
    {
        Assert.Empty(Run(2.0, 120, double.MaxValue, double.MaxValue));
        // Last frame at 40 s; stale once older than 4 x 2 s: raised at 48.1 s (first tick past 48 s).
        var events = Run(2.0, 120, 41, 70);
        Assert.Equal(2, events.Count);
        Assert.Equal(AlarmTransition.Raised, events[0].Transition);
        Assert.Equal(T0 + 48_100_000_000L, events[0].TimestampNs, 1_000_000L);
        // Back at 70 s; fresh for the 2 s clear dwell while its age stays under 8/3 s.
        Assert.Equal(AlarmTransition.Cleared, events[1].Transition);
        Assert.Equal(T0 + 72_000_000_000L, events[1].TimestampNs, 1_000_000L);
    }

    [Fact]
    public void A_ten_hertz_sonar_keeps_the_tight_threshold()
    {
        Assert.Empty(Run(0.1, 60, double.MaxValue, double.MaxValue));
        // Last frame at 29.9 s; stale after 3 s (floor): raised at 33.0 s.
        var events = Run(0.1, 60, 30, 40);
        Assert.Equal(2, events.Count);
        Assert.Equal(T0 + 33_000_000_000L, events[0].TimestampNs, 1_000_000L);
        Assert.Equal(T0 + 42_000_000_000L, events[1].TimestampNs, 1_000_000L);
    }

    [Fact]
    public void A_dead_slow_sensor_still_raises_at_the_ceiling()
    {
        // One frame a minute: the threshold is capped at 15 s, so the alarm rises between frames.
        var events = Run(60.0, 130, double.MaxValue, double.MaxValue);
        Assert.NotEmpty(events);
        Assert.Equal(AlarmTransition.Raised, events[0].Transition);
        // First frame at 0 s, rate unknown: ceiling 15 s: raised at 15.1 s.
        Assert.Equal(T0 + 15_100_000_000L, events[0].TimestampNs, 1_000_000L);
    }
}
