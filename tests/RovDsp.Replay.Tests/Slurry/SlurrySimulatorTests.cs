using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Slurry;

namespace RovDsp.Replay.Tests.Slurry;

public sealed class SlurrySimulatorTests
{
    private static List<(SlurrySample Sample, SlurryTruth Truth)> Stream(ScenarioKind kind, ulong seed, double seconds)
    {
        var world = DiveWorld.Create(DiveScenario.Create(kind, seed, TimeSpan.FromSeconds(seconds)));
        var simulator = new SlurrySimulator(world);
        var list = new List<(SlurrySample, SlurryTruth)>();
        while (simulator.TryNext(out var sample, out var truth))
        {
            list.Add((sample, truth));
        }
        return list;
    }

    [Fact]
    public void Same_seed_same_stream_other_seed_other_noise()
    {
        var a = Stream(ScenarioKind.Nominal, 5, 40);
        var b = Stream(ScenarioKind.Nominal, 5, 40);
        var c = Stream(ScenarioKind.Nominal, 6, 40);
        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(x => x.Sample.Value), c.Select(x => x.Sample.Value));
    }

    [Fact]
    public void Readings_are_time_ordered_at_each_sensors_rate_with_rising_sequences()
    {
        var stream = Stream(ScenarioKind.Nominal, 1, 60);
        for (var i = 1; i < stream.Count; i++)
        {
            Assert.True(stream[i].Sample.Stamp.TimestampNs >= stream[i - 1].Sample.Stamp.TimestampNs);
        }
        foreach (var spec in SlurryLineSettings.DefaultSensors)
        {
            var mine = stream.Where(x => x.Sample.SensorId == spec.Id).ToList();
            // 60 s at the sensor's rate, less what dropouts swallowed (a dropout is at most 1.5 s).
            Assert.InRange(mine.Count, 60 * spec.RateHz * 0.9, 60 * spec.RateHz + 1);
            Assert.All(mine, x => Assert.Equal(spec.Kind, x.Sample.Kind));
            for (var i = 1; i < mine.Count; i++)
            {
                Assert.True(mine[i].Sample.Stamp.Sequence > mine[i - 1].Sample.Stamp.Sequence);
            }
        }
    }

    [Fact]
    public void Operating_point_matches_the_brief()
    {
        var settings = new SlurrySimulatorSettings();
        // 350 t/day of dry solids at Cv 5 % in a 0.20 m pipe: Q ≈ 112 m³/h (docs/domain.md#daily-target: about 110),
        // v ≈ 0.99 m/s.
        Assert.InRange(settings.RunningVelocityMps, 0.98, 1.0);
        var stream = Stream(ScenarioKind.Nominal, 1, 200);
        var mining = stream.Last().Truth;
        Assert.True(mining.IsMining);
        Assert.InRange(mining.FlowM3PerHour, 105, 120);
        Assert.InRange(mining.DrySolidsTph, 350.0 / 24 * 0.9, 350.0 / 24 * 1.1);
        Assert.InRange(mining.Cv, 0.049, 0.0501);
    }

    [Fact]
    public void Clog_scenario_truth_carries_the_onset_and_the_velocity_falls()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Clog, 2, TimeSpan.FromMinutes(10)));
        var model = new SlurrySimulator(world).Model;
        Assert.Equal(world.Clogs[0].OnsetS, model.ClogOnsetS);
        Assert.True(model.Velocity(world.Clogs[0].PeakS) < 0.5 * model.Velocity(world.Clogs[0].OnsetS));
        Assert.True(model.DifferentialPressure(world.Clogs[0].PeakS) > model.DifferentialPressure(world.Clogs[0].OnsetS) + 50);
        Assert.True(double.IsNaN(new SlurrySimulator(DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 2))).Model.ClogOnsetS));
    }

    [Fact]
    public void Gamma_lag_estimated_by_cross_correlation_matches_the_simulated_lag()
    {
        // Both densitometers held onto a 10 Hz grid over 400 s of a dive (two mining starts and a stop give the
        // correlation its edges). The simulated gamma sees the density 2.5 s late through a 0.5 s counting filter,
        // a 3.0 s lag for the ramps the concentration makes; ± 0.3 s allowed for noise and the filter's shape.
        var stream = Stream(ScenarioKind.Nominal, 4, 400);
        const double rate = 10.0;
        var n = (int)(400 * rate);
        var ultrasonic = new float[n];
        var gamma = new float[n];
        var start = stream[0].Sample.Stamp.TimestampNs - (long)(stream[0].Truth.TimeS * 1e9);
        float lastU = 1028f, lastG = 1028f;
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            var gridNs = start + (long)(i / rate * 1e9);
            while (k < stream.Count && stream[k].Sample.Stamp.TimestampNs <= gridNs)
            {
                var sample = stream[k++].Sample;
                if (sample.Kind == SlurrySensorKind.DensityUltrasonic)
                {
                    lastU = sample.Value;
                }
                else if (sample.Kind == SlurrySensorKind.DensityGamma)
                {
                    lastG = sample.Value;
                }
            }
            ultrasonic[i] = lastU;
            gamma[i] = lastG;
        }
        var lag = SlurryLineDesign.EstimateLagSeconds(ultrasonic, gamma, rate, 10.0);
        Assert.InRange(lag, 2.7, 3.3);
    }

    [Fact]
    public void Bad_settings_are_rejected()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 1));
        Assert.Equal("MiningCv", Assert.Throws<ArgumentException>(() =>
            new SlurrySimulator(world, new SlurrySimulatorSettings { MiningCv = 0 })).ParamName);
        Assert.Equal("PipeDiameterM", Assert.Throws<ArgumentException>(() =>
            new SlurrySimulator(world, new SlurrySimulatorSettings { PipeDiameterM = -1 })).ParamName);
    }
}
