using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.ScanningSonar;

namespace RovDsp.Replay.Tests.ScanningSonar;

public class ScanningSonarSimulatorTests
{
    [Fact]
    public void Same_seed_same_bytes_other_seed_other_bytes()
    {
        static byte[] Steps(ulong seed)
        {
            var sim = new ScanningSonarSimulator(DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, seed, TimeSpan.FromSeconds(30))));
            var step = new ScanningSonarStep();
            var bytes = new List<byte>();
            for (var k = 0; k < 50; k++)
            {
                var truth = sim.Next(step);
                Assert.Equal(k % 400, truth.AngleGrads);
                Assert.Equal(k / 30.0, truth.TimeS, 12);
                bytes.AddRange(step.Intensities.AsSpan(0, step.SampleCount).ToArray());
            }
            return [.. bytes];
        }
        Assert.Equal(Steps(4), Steps(4));
        Assert.NotEqual(Steps(4), Steps(5));
    }

    [Fact]
    public void Steps_cover_the_range_setting_at_the_dives_sound_speed()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 1, TimeSpan.FromSeconds(30)));
        var sim = new ScanningSonarSimulator(world);
        var step = new ScanningSonarStep();
        sim.Next(step);
        // Whole 25 ns ticks: within half a tick (0.06 % of 857) of 20 m.
        Assert.Equal(20.0, step.RangeM(world.Scenario.SoundSpeedMps), 0.012);
        Assert.Equal(1200, step.SampleCount);
        Assert.Equal(750, step.TransmitFrequencyKHz);
    }

    [Fact]
    public void Obstacle_bearing_follows_the_vehicle_frame()
    {
        var pose = new VehiclePose(0, 10, 20, 5700, Math.PI / 2, 0.4, 3, 0); // heading east
        var o = new ObstacleTruth(ObstacleKind.Boulder, 10, 15, 0.5, 0.5, -20); // 5 m south = starboard
        var (r, b) = ScanningSonarSimulator.ToSonarFrame(pose, o);
        Assert.Equal(5.0, r, 12);
        Assert.Equal(Math.PI / 2, b, 12);
    }
}
