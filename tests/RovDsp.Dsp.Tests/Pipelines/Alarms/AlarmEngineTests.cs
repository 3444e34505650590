using RovDsp.Dsp.Tests.Support;
using RovDsp.Dsp.Pipelines.Alarms;

namespace RovDsp.Dsp.Tests.Pipelines.Alarms;

public sealed class AlarmEngineTests
{
    private const long T0 = 1_799_971_200L * 1_000_000_000L;

    /// <summary>Inputs with every feed fresh at <paramref name="t"/> seconds, nothing alarming.</summary>
    private static AlarmInputs Calm(double t)
    {
        var inputs = new AlarmInputs
        {
            TimestampNs = T0 + (long)(t * 1e9),
            AltitudeM = 3.0f,
            AltitudeValid = true,
            NearestObstacleRangeM = float.NaN,
        };
        foreach (var feed in Enum.GetValues<AlarmFeed>())
        {
            inputs.SetLastUpdate(feed, inputs.TimestampNs);
        }
        return inputs;
    }

    private static List<AlarmEvent> Run(AlarmEngine engine, double seconds, double rateHz, Func<double, AlarmInputs> inputs)
    {
        var all = new List<AlarmEvent>();
        var buffer = new AlarmEvent[engine.Rules.Count];
        var n = (int)(seconds * rateHz);
        for (var i = 0; i <= n; i++)
        {
            var written = engine.Evaluate(inputs(i / rateHz), buffer);
            all.AddRange(buffer.AsSpan(0, written).ToArray());
        }
        return all;
    }

    private static int Index(AlarmEngine engine, string name) => engine.Rules.ToList().FindIndex(r => r.Name == name);

    [Fact]
    public void Altitude_hovering_around_the_threshold_raises_and_clears_exactly_once()
    {
        var engine = new AlarmEngine();
        var rng = new Random(3);
        // Descends to hover at 1.0 m (the raise threshold) ± 0.08 m noise, then hovers at 1.2 m (the clear
        // threshold) ± 0.08, then climbs to 2 m. Hysteresis (1.0/1.2) and dwell (0.5 s / 2 s) must hold it to one
        // raise and one clear.
        var events = Run(engine, 120, 10, t =>
        {
            var baseline = t < 10 ? 2.0 - 0.1 * t : t < 50 ? 1.0 : t < 90 ? 1.2 : 2.0;
            var inputs = Calm(t);
            inputs.AltitudeM = (float)(baseline + (rng.NextDouble() * 0.16 - 0.08));
            return inputs;
        });
        var low = Index(engine, "Altitude low");
        var mine = events.Where(e => e.RuleIndex == low).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Equal(AlarmTransition.Raised, mine[0].Transition);
        Assert.Equal(AlarmTransition.Cleared, mine[1].Transition);
        Assert.InRange(mine[0].TimestampNs, T0 + 9_000_000_000L, T0 + 50_000_000_000L);
        Assert.True(mine[0].Value < 1.0);
        Assert.True(mine[1].Value > 1.2);
        Assert.Equal(AlarmSeverity.Warning, mine[0].Severity);
        // The critical rule (0.5 m) never fired: the noise never went that low.
        Assert.DoesNotContain(events, e => e.RuleIndex == Index(engine, "Altitude critical"));
        Assert.Equal(0, engine.ActiveCount);
    }

    [Fact]
    public void Obstacle_flickering_in_and_out_of_the_corridor_raises_and_clears_once()
    {
        var engine = new AlarmEngine();
        var rng = new Random(5);
        // Approaches, hovers at 8 m ± 1.5 m, then at 11 m ± 1.5 m (between the 10 m raise and 12 m clear
        // thresholds, crossing both), with a tenth of the frames empty (NaN), then leaves at 100 s.
        var events = Run(engine, 130, 10, t =>
        {
            var inputs = Calm(t);
            var range = t < 20 ? 30 - t : t < 60 ? 8.0 + (rng.NextDouble() * 3 - 1.5)
                : t < 100 ? 11.0 + (rng.NextDouble() * 3 - 1.5) : 30.0;
            inputs.NearestObstacleRangeM = rng.NextDouble() < 0.1 ? float.NaN : (float)range;
            return inputs;
        });
        var rule = Index(engine, "Obstacle in corridor");
        var mine = events.Where(e => e.RuleIndex == rule).Select(e => e.Transition).ToList();
        Assert.Equal([AlarmTransition.Raised, AlarmTransition.Cleared], mine);
        Assert.DoesNotContain(events, e => e.RuleIndex == Index(engine, "Obstacle close"));
    }

    [Fact]
    public void Flickering_clog_flag_raises_once_and_clears_after_the_clear_dwell()
    {
        var engine = new AlarmEngine();
        // On/off every 2 s for 30 s (a flickering source), then off for good at 30 s.
        var events = Run(engine, 60, 10, t =>
        {
            var inputs = Calm(t);
            inputs.ClogWarning = t < 30 && (int)(t / 2) % 2 == 0;
            return inputs;
        });
        var rule = Index(engine, "Slurry clog/settling");
        var mine = events.Where(e => e.RuleIndex == rule).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Equal(T0, mine[0].TimestampNs);
        // Last "on" ends at 30 s; 10 s clear dwell.
        Assert.Equal(T0 + 40_000_000_000L, mine[1].TimestampNs, 100_000_000L);
    }

    [Fact]
    public void Sensor_fault_rule_watches_its_mask()
    {
        var rules = new[]
        {
            new AlarmRule("Flow fault", AlarmCondition.SensorFault, AlarmSeverity.Info, FaultMask: 0xFF, ClearDwellS: 1.0),
        };
        var engine = new AlarmEngine(rules);
        var events = Run(engine, 10, 10, t =>
        {
            var inputs = Calm(t);
            // Bits outside the mask (another sensor) never raise; the masked bits do from 2 s to 4 s.
            inputs.SensorFaults = 0xFF00UL | (t is >= 2 and < 4 ? 0x04UL : 0UL);
            return inputs;
        });
        Assert.Equal(2, events.Count);
        Assert.Equal(T0 + 2_000_000_000L, events[0].TimestampNs, 1_000_000L);
        Assert.Equal(T0 + 5_000_000_000L, events[1].TimestampNs, 1_000_000L);
    }

    [Fact]
    public void Stale_feed_raises_critical_and_clears_when_updates_resume()
    {
        var engine = new AlarmEngine();
        var lastAltimeter = 0L;
        var events = Run(engine, 30, 10, t =>
        {
            var inputs = Calm(t);
            // The altimeter updates at 10 Hz except between 10 s and 16 s.
            if (t < 10 || t >= 16)
            {
                lastAltimeter = inputs.TimestampNs;
            }
            inputs.SetLastUpdate(AlarmFeed.Altimeter, lastAltimeter);
            // A 10 Hz altimeter keeps the tight 2 s threshold.
            inputs.SetInterval(AlarmFeed.Altimeter, 100_000_000L);
            return inputs;
        });
        var rule = Index(engine, "Altimeter stale");
        var mine = events.Where(e => e.RuleIndex == rule).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Equal(AlarmSeverity.Critical, mine[0].Severity);
        // Last update at 9.9 s; stale once older than 2 s: first evaluation past 11.9 s.
        Assert.Equal(T0 + 12_000_000_000L, mine[0].TimestampNs, 1_000_000L);
        Assert.True(mine[0].Value > 2.0);
        // Fresh again at 16 s; 2 s clear dwell.
        Assert.Equal(T0 + 18_000_000_000L, mine[1].TimestampNs, 1_000_000L);
    }

    [Fact]
    public void Feed_never_updated_is_stale()
    {
        var engine = new AlarmEngine();
        var inputs = Calm(0);
        inputs.SetLastUpdate(AlarmFeed.Slurry, 0);
        var events = new AlarmEvent[engine.Rules.Count];
        var n = engine.Evaluate(inputs, events);
        Assert.Equal(1, n);
        Assert.Equal(Index(engine, "Slurry feed stale"), events[0].RuleIndex);
        Assert.True(double.IsPositiveInfinity(events[0].Value));
    }

    [Fact]
    public void Severities_and_active_set()
    {
        var engine = new AlarmEngine();
        Assert.Null(engine.HighestActiveSeverity);
        var inputs = Calm(0);
        inputs.AltitudeM = 0.4f;
        inputs.SensorFaults = 1;
        var events = new AlarmEvent[engine.Rules.Count];
        engine.Evaluate(inputs, events);
        inputs = Calm(1.5);
        inputs.AltitudeM = 0.4f;
        inputs.SensorFaults = 1;
        var n = engine.Evaluate(inputs, events);
        Assert.Equal(3, n);
        Assert.True(engine.IsActive(Index(engine, "Altitude low")));
        Assert.True(engine.IsActive(Index(engine, "Altitude critical")));
        Assert.True(engine.IsActive(Index(engine, "Sensor fault")));
        Assert.Equal(3, engine.ActiveCount);
        Assert.Equal(AlarmSeverity.Critical, engine.HighestActiveSeverity);
        Assert.Equal((1UL << Index(engine, "Altitude low")) | (1UL << Index(engine, "Altitude critical"))
            | (1UL << Index(engine, "Sensor fault")), engine.ActiveMask);
        // An invalid altitude holds the verdict.
        inputs = Calm(10);
        inputs.AltitudeValid = false;
        inputs.SensorFaults = 1;
        engine.Evaluate(inputs, events);
        Assert.Equal(3, engine.ActiveCount);
        engine.Reset();
        Assert.Equal(0, engine.ActiveCount);
    }

    [Fact]
    public void Events_beyond_the_span_are_counted_not_lost_from_the_active_set()
    {
        var engine = new AlarmEngine();
        var inputs = Calm(0);
        inputs.SetLastUpdate(AlarmFeed.Altimeter, 0);
        inputs.SetLastUpdate(AlarmFeed.MultibeamSonar, 0);
        inputs.SetLastUpdate(AlarmFeed.Slurry, 0);
        var n = engine.Evaluate(inputs, new AlarmEvent[1]);
        Assert.Equal(1, n);
        Assert.Equal(2, engine.DroppedEvents);
        Assert.Equal(3, engine.ActiveCount);
    }

    [Fact]
    public void Evaluation_allocates_nothing()
    {
        var engine = new AlarmEngine();
        var events = new AlarmEvent[engine.Rules.Count];
        var inputs = Calm(0);
        engine.Evaluate(inputs, events);
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                inputs.TimestampNs += 10_000_000;
                inputs.AltitudeM = i % 50 == 0 ? 0.3f : 3.0f;
                inputs.ClogWarning = i % 300 < 150;
                engine.Evaluate(inputs, events);
            }
        });
    }

    [Fact]
    public void Inconsistent_rules_are_rejected()
    {
        static string? Param(params AlarmRule[] rules) => Assert.Throws<ArgumentException>(() => new AlarmEngine(rules)).ParamName;
        Assert.Equal("rules", Param());
        Assert.Equal("rules", Param(new AlarmRule("a", AlarmCondition.AltitudeBelow, AlarmSeverity.Warning, 1.0, 0.8)));
        Assert.Equal("rules", Param(new AlarmRule("b", AlarmCondition.FeedStale, AlarmSeverity.Warning, 1.0, 2.0)));
        Assert.Equal("rules", Param(new AlarmRule("c", AlarmCondition.SensorFault, AlarmSeverity.Info, FaultMask: 0)));
        Assert.Equal("rules", Param(new AlarmRule("", AlarmCondition.ClogWarning, AlarmSeverity.Info)));
        Assert.Equal("rules", Param(new AlarmRule("d", AlarmCondition.ClogWarning, AlarmSeverity.Info, RaiseDwellS: -1)));
        Assert.Equal("rules", Param(Enumerable.Range(0, 65).Select(i => new AlarmRule($"r{i}", AlarmCondition.ClogWarning, AlarmSeverity.Info)).ToArray()));
    }
}
