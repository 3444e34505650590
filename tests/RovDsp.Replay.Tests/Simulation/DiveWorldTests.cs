using RovDsp.Replay.Simulation;

namespace RovDsp.Replay.Tests.Simulation;

public class DiveWorldTests
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Track_keeps_altitude_in_band_speed_constant_and_follows_the_seabed(ulong seed)
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, seed));
        var previous = world.Track.PoseAt(0);
        for (var t = 0.5; t < world.Scenario.Duration.TotalSeconds; t += 0.5)
        {
            var pose = world.Track.PoseAt(t);
            Assert.InRange(pose.AltitudeM, 0.5, 5.0);
            // Depth is seabed minus altitude exactly.
            Assert.Equal(world.Seabed.DepthAt(pose.X, pose.Y) - pose.AltitudeM, pose.DepthM, 9);
            // Distance covered in 0.5 s never exceeds speed × time (chords are shorter than arcs).
            var step = Math.Sqrt((pose.X - previous.X) * (pose.X - previous.X) + (pose.Y - previous.Y) * (pose.Y - previous.Y));
            Assert.InRange(step, 0.0, 0.4 * 0.5 + 1e-9);
            Assert.InRange(step, 0.4 * 0.5 * 0.98, 0.4 * 0.5 + 1e-9);
            Assert.InRange(pose.DepthM, 5500.0, 6000.0);
            previous = pose;
        }
    }

    [Fact]
    public void Seabed_gradient_matches_finite_differences()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 5));
        for (var i = 0; i < 20; i++)
        {
            double x = i * 7.3 - 50, y = i * -3.1 + 20, h = 1e-4;
            var (gx, gy) = world.Seabed.GradientAt(x, y);
            var fx = (world.Seabed.DepthAt(x + h, y) - world.Seabed.DepthAt(x - h, y)) / (2 * h);
            var fy = (world.Seabed.DepthAt(x, y + h) - world.Seabed.DepthAt(x, y - h)) / (2 * h);
            Assert.Equal(fx, gx, 5);
            Assert.Equal(fy, gy, 5);
        }
    }

    [Fact]
    public void Obstacle_scenario_puts_a_lost_tool_in_the_path_and_clog_scenario_stages_one_clog()
    {
        var obstacle = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, 11));
        var tool = Assert.Single(obstacle.Obstacles, o => o.Kind == ObstacleKind.LostTool);
        var closest = double.MaxValue;
        for (var t = 0.0; t < obstacle.Scenario.Duration.TotalSeconds; t += 0.25)
        {
            var p = obstacle.Track.PoseAt(t);
            closest = Math.Min(closest, Math.Sqrt((p.X - tool.X) * (p.X - tool.X) + (p.Y - tool.Y) * (p.Y - tool.Y)));
        }

        Assert.InRange(closest, 0.0, 0.35);

        var clog = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Clog, 11));
        var c = Assert.Single(clog.Clogs);
        Assert.Equal(0.0, clog.ClogRestrictionAt(c.OnsetS - 1));
        Assert.Equal(c.PeakRestriction, clog.ClogRestrictionAt(c.PeakS), 12);
        Assert.Equal(0.0, clog.ClogRestrictionAt(c.ClearedS + 1));
        Assert.Empty(DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 11)).Clogs);
    }

    [Fact]
    public void Scenario_sound_speed_is_UNESCO_at_the_seabed()
    {
        // docs/domain.md#sound-speed: about 1,555 m/s at 5,700 m, 1.5 °C, 34.7 PSU.
        Assert.InRange(DiveScenario.Create(ScenarioKind.Nominal, 1).SoundSpeedMps, 1554.0, 1556.5);
    }
}
