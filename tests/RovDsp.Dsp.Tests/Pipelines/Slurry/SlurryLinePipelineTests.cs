using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Dsp.Tests.Pipelines.Slurry;

public sealed class SlurryLinePipelineTests
{
    private const double RhoS = 2600.0, RhoW = 1028.0;

    // 1106.5 is exact in float32, so the conditioned density is exactly the input (constant through Hampel and
    // the deviation-form Butterworth filter).
    private const float Mixture = 1106.5f;

    private static readonly double Area = Math.PI * 0.2 * 0.2 / 4.0;

    private static double DryKgPerS(double v, double rho) => RhoS * (rho - RhoW) / (RhoS - RhoW) * v * Area;

    [Fact]
    public void Constant_flow_integrates_to_the_exact_tonnes()
    {
        var pipeline = new SlurryLinePipeline(SlurryFeed.Only(SlurrySensorKind.FlowVelocity, SlurrySensorKind.DensityUltrasonic));
        var feed = new SlurryFeed(pipeline, (SlurrySensorKind.FlowVelocity, _ => 1.0f), (SlurrySensorKind.DensityUltrasonic, _ => Mixture));
        feed.RunUntil(100.0);
        var state = pipeline.State;
        var seconds = (state.TonnesAsOfNs - SlurryFeed.StartNs) / 1e9;
        // Counting starts at the first conditioned flow reading (t = 0) and runs to now − 0.1 s (the ultrasonic
        // gauge's Hampel latency, 5 readings at 50 Hz).
        Assert.Equal(100.0 - 0.1, seconds, 9);
        // Sum of ~40,000 double steps of a constant rate: round-off ~1e-12 relative; 1e-9 allowed.
        var expectedDry = DryKgPerS(1.0, Mixture) * seconds / 1000.0;
        var expectedWet = Mixture * Area * seconds / 1000.0;
        Assert.Equal(expectedDry, state.DryTonnesToday, expectedDry * 1e-9);
        Assert.Equal(expectedWet, state.WetTonnesToday, expectedWet * 1e-9);
        Assert.Equal(0.0, state.UnmeasuredSecondsToday);
        // Rates are float32 in the state: 1e-6 relative.
        Assert.Equal(113.09733552923255, state.FlowM3PerHour, 1e-4);
        Assert.Equal((Mixture - RhoW) / (RhoS - RhoW), state.VolumetricConcentration, 1e-6);
        Assert.Equal(DryKgPerS(1.0, Mixture) * 3.6, state.DrySolidsTph, 1e-5);
        Assert.Equal(Mixture * Area * 3600.0 / 1000.0, state.MixtureMassFlowTph, 1e-4);
        Assert.Equal(SlurryDensitySource.Ultrasonic, state.DensitySource);
        // The day began at 00:00 JST = 15:00 UTC the day before; the run started at 09:00 JST and counted
        // since, so the projection is the rate over the 15 h left plus what is in: rate × (elapsed + remaining).
        var remaining = 15.0 * 3600.0 - seconds;
        Assert.Equal(expectedDry * (1.0 + remaining / seconds), state.ProjectedDryTonnesEndOfDay, 1e-6);
        Assert.Equal(expectedDry / 350.0, state.DryProgress, 1e-6);
        Assert.Equal(expectedWet / 350.0, state.WetProgress, 1e-6);
    }

    [Fact]
    public void Gamma_lag_is_aligned_with_the_flow()
    {
        // The mixture reaches the flow meter at 10 s; the gamma gauge reports it 3 s later.
        static float Gamma(double t) => t < 13.0 ? (float)RhoW : Mixture;
        double ErrorSeconds(double lagS)
        {
            var settings = SlurryFeed.Only(SlurrySensorKind.FlowVelocity, SlurrySensorKind.DensityGamma)
                with { DensitySource = SlurryDensitySource.Gamma, GammaLagS = lagS };
            var pipeline = new SlurryLinePipeline(settings);
            new SlurryFeed(pipeline, (SlurrySensorKind.FlowVelocity, _ => 1.0f), (SlurrySensorKind.DensityGamma, Gamma)).RunUntil(60.0);
            var asOf = (pipeline.State.TonnesAsOfNs - SlurryFeed.StartNs) / 1e9;
            var expected = DryKgPerS(1.0, Mixture) * (asOf - 10.0) / 1000.0;
            return (pipeline.State.DryTonnesToday - expected) / (DryKgPerS(1.0, Mixture) / 1000.0);
        }
        // Aligned: only the 2 Hz Butterworth's smoothing of the step remains (≈ its 0.1 s DC group delay).
        Assert.InRange(ErrorSeconds(3.0), -0.15, 0.15);
        // Not aligned: the solids are booked 3 s late.
        Assert.InRange(ErrorSeconds(0.0), -3.2, -2.8);
    }

    [Fact]
    public void Each_fault_type_is_detected_counted_and_cleared()
    {
        var settings = new SlurryLineSettings();
        var pipeline = new SlurryLinePipeline(settings);
        float Flow(double t) => t switch
        {
            >= 1.0 and < 1.05 => float.NaN,
            >= 3.0 and < 3.03 => 20f,
            >= 5.0 and < 8.0 => 1.234f,
            _ => (float)(1.0 + 0.01 * Math.Sin(37.0 * t)),
        };
        var feed = new SlurryFeed(pipeline, (SlurrySensorKind.FlowVelocity, Flow),
            (SlurrySensorKind.DensityUltrasonic, t => (float)(1100.0 + Math.Sin(11.0 * t))))
        {
            Silent = (kind, t) => kind == SlurrySensorKind.FlowVelocity && t >= 10.0 && t < 10.5,
        };
        SlurrySensorFault FlowFault() => pipeline.State.Health[SlurrySensorKind.FlowVelocity];

        feed.RunUntil(0.5);
        Assert.Equal(SlurrySensorFault.None, FlowFault());
        // The gamma gauge never reported: NoData.
        Assert.Equal(SlurrySensorFault.NoData, pipeline.State.Health[SlurrySensorKind.DensityGamma]);

        feed.RunUntil(1.04);
        Assert.Equal(SlurrySensorFault.NotFinite, FlowFault());
        // Cleared after FaultClearS (1 s = 100 good readings).
        feed.RunUntil(2.0);
        Assert.Equal(SlurrySensorFault.NotFinite, FlowFault());
        feed.RunUntil(2.1);
        Assert.Equal(SlurrySensorFault.None, FlowFault());
        Assert.Equal(5, pipeline.GetCounters(SlurrySensorKind.FlowVelocity).NotFinite);

        feed.RunUntil(3.02);
        Assert.Equal(SlurrySensorFault.OutOfRange, FlowFault());
        feed.RunUntil(4.1);
        Assert.Equal(SlurrySensorFault.None, FlowFault());
        Assert.Equal(3, pipeline.GetCounters(SlurrySensorKind.FlowVelocity).OutOfRange);

        // Stuck: 1.234 repeated from 5.00 s; the 200th identical reading (2 s at 100 Hz) arrives at 6.99 s.
        feed.RunUntil(6.975);
        Assert.Equal(SlurrySensorFault.None, FlowFault());
        feed.RunUntil(6.995);
        Assert.Equal(SlurrySensorFault.Stuck, FlowFault());
        feed.RunUntil(8.005);
        Assert.Equal(SlurrySensorFault.None, FlowFault());
        Assert.Equal(1, pipeline.GetCounters(SlurrySensorKind.FlowVelocity).StuckEvents);

        // Dropout: silent from 10.0 s; judged on the ultrasonic gauge's timestamps, past 10 periods (0.1 s).
        feed.RunUntil(10.08);
        Assert.Equal(SlurrySensorFault.None, FlowFault());
        feed.RunUntil(10.2);
        Assert.Equal(SlurrySensorFault.Dropout, FlowFault());
        feed.RunUntil(10.52);
        Assert.Equal(SlurrySensorFault.None, FlowFault());
        Assert.Equal(1, pipeline.GetCounters(SlurrySensorKind.FlowVelocity).DropoutEvents);

        // Out of order and unknown readings are counted and ignored.
        var old = new SlurrySample(new MessageStamp(SlurryFeed.StartNs, 0), 0, SlurrySensorKind.FlowVelocity, 1f);
        pipeline.Process(old);
        Assert.Equal(1, pipeline.GetCounters(SlurrySensorKind.FlowVelocity).OutOfOrder);
        var now = SlurryFeed.StartNs + (long)(feed.NowS * 1e9);
        pipeline.Process(new SlurrySample(new MessageStamp(now, 0), 99, SlurrySensorKind.FlowVelocity, 1f));
        pipeline.Process(new SlurrySample(new MessageStamp(now, 0), 0, SlurrySensorKind.PumpSpeed, 1f));
        Assert.Equal(2, pipeline.UnknownSamples);
        Assert.Equal(SlurrySensorFault.None, FlowFault());
    }

    [Fact]
    public void A_flow_meter_that_only_reports_faults_leaves_the_flow_unknown_never_zero()
    {
        // A PLC whose flow register is refused hands on NaN readings; the densitometer reads fine.
        var pipeline = new SlurryLinePipeline(new SlurryLineSettings());
        for (var i = 0; i < 300; i++)
        {
            var t = SlurryFeed.StartNs + i * 10_000_000L;
            pipeline.Process(new SlurrySample(new MessageStamp(t, (uint)i), 0, SlurrySensorKind.FlowVelocity, float.NaN));
            pipeline.Process(new SlurrySample(new MessageStamp(t + 1, (uint)i), 1, SlurrySensorKind.DensityGamma, 1150f + i % 3));
        }

        var state = pipeline.State;
        Assert.Equal(SlurrySensorFault.NotFinite, state.Health[SlurrySensorKind.FlowVelocity]);
        Assert.True(float.IsNaN(state.VelocityMps), $"velocity {state.VelocityMps}");
        Assert.True(float.IsNaN(state.FlowM3PerHour) && float.IsNaN(state.DrySolidsTph) && float.IsNaN(state.MixtureMassFlowTph),
            $"flow {state.FlowM3PerHour} m3/h, {state.DrySolidsTph} dry t/h");
        Assert.Equal(0, state.DryTonnesToday);
    }

    /// <summary>V_D = 0.612 m/s: raise below 0.796 m/s (1.3·V_D), clear above 0.857 m/s (1.4·V_D).</summary>
    [Fact]
    public void Clog_warning_has_hysteresis_while_velocity_hovers_at_the_raise_threshold()
    {
        static double Ramp(double t, double t0, double t1, double a, double b) =>
            t <= t0 ? a : t >= t1 ? b : a + (b - a) * (t - t0) / (t1 - t0);
        static float Velocity(double t)
        {
            var v = t < 400 ? Ramp(t, 300, 400, 1.0, 0.80) : t < 700 ? 0.80 + 0.04 * Math.Sin(2 * Math.PI * (t - 400) / 60.0)
                : Ramp(t, 700, 760, 0.80, 1.0);
            return (float)(v + 0.005 * Math.Sin(2 * Math.PI * t / 10.0) + 0.003 * Math.Sin(91.0 * t));
        }
        static float Differential(double t) =>
            (float)((t < 700 ? Ramp(t, 300, 400, 150, 200) : Ramp(t, 700, 760, 200, 150)) + 10.0 * Math.Sin(2 * Math.PI * t / 9.5));
        var (raises, clears, maxLevel, stage) = RunClog(Velocity, Differential, 900.0);
        Assert.Single(raises);
        Assert.Single(clears);
        // Falls below 0.796 at the first trough of the hover (≈ 415 s) + ~11 s trend delay + 5 s dwell.
        Assert.InRange(raises[0], 400.0, 460.0);
        // Back above 0.857 on the ramp at ≈ 717 s, + ~11 s trend delay + 10 s clear dwell.
        Assert.InRange(clears[0], 725.0, 790.0);
        Assert.InRange(maxLevel, 0.01f, 1.0f);
        Assert.Equal(ClogStage.Settling, stage);
    }

    [Fact]
    public void Clog_warning_not_raised_by_pump_start_stop_or_heave()
    {
        // Start-up from rest and a stop back to rest: velocity crosses the raise threshold both ways, but rising
        // at start (not falling) and with the pressure falling at the stop.
        static double Pump(double t) => t < 30 ? t / 30 : t < 330 ? 1.0 : t < 360 ? 1.0 - (t - 330) / 30 : 0.0;
        var (raises, _, _, _) = RunClog(
            t => (float)(1.0 * Pump(t) * (1 + 0.06 * Math.Exp(-t / 10) * Math.Sin(t / 4)) + 0.003 * Math.Sin(91.0 * t)),
            t => (float)(150.0 * Pump(t) * Pump(t) + 40 * Math.Exp(-t / 10) * Math.Sin(t / 4) + 12 * Math.Sin(2 * Math.PI * t / 9)),
            500.0);
        Assert.Empty(raises);

        // A slow line (below the raise threshold) under heave: 30 kPa swell at 9 s, velocity ripple 0.02 m/s.
        (raises, _, _, _) = RunClog(
            t => (float)(0.78 + 0.02 * Math.Sin(2 * Math.PI * t / 10.5) + 0.003 * Math.Sin(91.0 * t)),
            t => (float)(150.0 + 30.0 * Math.Sin(2 * Math.PI * t / 9.0)),
            900.0);
        Assert.Empty(raises);
    }

    [Fact]
    public void No_allocation_per_sample_after_warm_up()
    {
        var pipeline = new SlurryLinePipeline();
        var samples = AllSensorSamples(30.0);
        var warm = samples.Length / 2;
        for (var i = 0; i < warm; i++)
        {
            pipeline.Process(samples[i]);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = warm; i < samples.Length; i++)
        {
            pipeline.Process(samples[i]);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        var samples = AllSensorSamples(20.0);
        var fresh = new SlurryLinePipeline();
        var reused = new SlurryLinePipeline();
        foreach (var s in samples.AsSpan(0, samples.Length / 3))
        {
            reused.Process(s);
        }
        reused.Reset();
        Assert.Equal(fresh.State, reused.State);
        foreach (var s in samples)
        {
            fresh.Process(s);
            reused.Process(s);
        }
        Assert.Equal(fresh.State, reused.State);
        Assert.Equal(fresh.GetCounters(SlurrySensorKind.FlowVelocity), reused.GetCounters(SlurrySensorKind.FlowVelocity));
    }

    [Fact]
    public void Day_boundary_restarts_the_totals()
    {
        // Start at 14:59:50 UTC = 23:59:50 JST; the operating day turns at 15:00:00 UTC.
        var origin = SlurryFeed.StartNs + (14 * 3600 + 59 * 60 + 50) * 1_000_000_000L;
        var pipeline = new SlurryLinePipeline(SlurryFeed.Only(SlurrySensorKind.FlowVelocity, SlurrySensorKind.DensityUltrasonic));
        var feed = new SlurryFeed(pipeline, (SlurrySensorKind.FlowVelocity, _ => 1.0f), (SlurrySensorKind.DensityUltrasonic, _ => Mixture))
        {
            OriginNs = origin,
        };
        feed.RunUntil(9.0);
        Assert.True(pipeline.State.DryTonnesToday > 0);
        feed.RunUntil(30.0);
        var sinceMidnight = (pipeline.State.TonnesAsOfNs - (origin + 10_000_000_000L)) / 1e9;
        var expected = DryKgPerS(1.0, Mixture) * sinceMidnight / 1000.0;
        Assert.Equal(expected, pipeline.State.DryTonnesToday, expected * 1e-9);
    }

    [Fact]
    public void Bad_settings_are_rejected_naming_the_setting()
    {
        static string? Param(SlurryLineSettings s) => Assert.Throws<ArgumentException>(() => new SlurryLinePipeline(s)).ParamName;
        var d = new SlurryLineSettings();
        Assert.Equal("PipeDiameterM", Param(d with { PipeDiameterM = 0 }));
        Assert.Equal("SolidsDensityKgM3", Param(d with { SolidsDensityKgM3 = 1000 }));
        Assert.Equal("DurandFL", Param(d with { DurandFL = double.NaN }));
        Assert.Equal("Sensors", Param(d with { Sensors = [] }));
        Assert.Equal("Sensors", Param(d with { Sensors = [.. d.Sensors, d.Sensors[0] with { Id = 42 }] }));
        Assert.Equal("Sensors", Param(d with { Sensors = [d.Sensors[1]] }));
        Assert.Equal("Sensors", Param(d with { Sensors = [d.Sensors[0] with { RateHz = 0 }] }));
        Assert.Equal("GammaLagS", Param(d with { GammaLagS = 11 }));
        Assert.Equal("ClogClearVelocityRatio", Param(d with { ClogClearVelocityRatio = 1.0 }));
        Assert.Equal("LowPassOrder", Param(d with { LowPassOrder = 0 }));
    }

    [Fact]
    public void Settings_validate_themselves_as_the_other_pipelines_settings_do()
    {
        new SlurryLineSettings().Validate();
        var bad = new SlurryLineSettings { ClogWindowS = 1 };
        Assert.Equal("ClogWindowS", Assert.Throws<ArgumentException>(bad.Validate).ParamName);
    }

    private static (List<double> Raises, List<double> Clears, float MaxLevel, ClogStage Stage) RunClog(
        Func<double, float> velocity, Func<double, float> differential, double untilS)
    {
        var pipeline = new SlurryLinePipeline(SlurryFeed.Only(
            SlurrySensorKind.FlowVelocity, SlurrySensorKind.DifferentialPressure, SlurrySensorKind.DensityUltrasonic));
        var feed = new SlurryFeed(pipeline, (SlurrySensorKind.FlowVelocity, velocity),
            (SlurrySensorKind.DifferentialPressure, differential), (SlurrySensorKind.DensityUltrasonic, _ => (float)RhoW));
        var raises = new List<double>();
        var clears = new List<double>();
        var was = false;
        var maxLevel = 0f;
        var stage = ClogStage.Clear;
        feed.RunUntil(untilS, (t, s) =>
        {
            if (s.ClogWarning != was)
            {
                (s.ClogWarning ? raises : clears).Add(t);
                was = s.ClogWarning;
            }
            if (s.ClogWarning)
            {
                maxLevel = Math.Max(maxLevel, s.ClogLevel);
                stage = s.ClogStage;
            }
        });
        return (raises, clears, maxLevel, stage);
    }

    private static SlurrySample[] AllSensorSamples(double seconds)
    {
        var list = new List<SlurrySample>();
        var capture = new SlurryLinePipeline();
        var specs = capture.Settings.Sensors;
        var next = new long[specs.Count];
        var seq = new uint[specs.Count];
        var endNs = (long)(seconds * 1e9);
        while (true)
        {
            var i = 0;
            for (var k = 1; k < specs.Count; k++)
            {
                if (next[k] < next[i])
                {
                    i = k;
                }
            }
            if (next[i] > endNs)
            {
                break;
            }
            var t = next[i] / 1e9;
            var value = specs[i].Kind switch
            {
                SlurrySensorKind.FlowVelocity => 1.0 + 0.01 * Math.Sin(37 * t),
                SlurrySensorKind.DensityGamma or SlurrySensorKind.DensityUltrasonic => 1106 + Math.Sin(5 * t),
                SlurrySensorKind.PressureBottom => 59000 + 5 * Math.Sin(3 * t),
                SlurrySensorKind.PressureTop => 500 + 5 * Math.Sin(3 * t),
                SlurrySensorKind.DifferentialPressure => 228 + 2 * Math.Sin(3 * t),
                SlurrySensorKind.PumpSpeed => 900,
                _ => 300 + Math.Sin(7 * t),
            };
            list.Add(new SlurrySample(new MessageStamp(SlurryFeed.StartNs + next[i], seq[i]++), specs[i].Id, specs[i].Kind, (float)value));
            next[i] += (long)Math.Round(1e9 / specs[i].RateHz);
        }
        return [.. list];
    }
}
