using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Multibeam;

namespace RovDsp.Replay.Tests.Multibeam;

/// <summary>The multibeam simulator on its own: determinism, frame fields, echo placement.</summary>
public class MultibeamSimulatorTests
{
    private static DiveWorld World(ulong seed) =>
        DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, seed, TimeSpan.FromMinutes(10)));

    [Fact]
    public void Frames_are_deterministic_and_independent_of_order()
    {
        var a = new MultibeamSimulator(World(4));
        var b = new MultibeamSimulator(World(4));
        var fa = a.CreateFrame();
        var fb = b.CreateFrame();
        var truth = new List<MultibeamObstacleTruth>();
        a.Simulate(300, fa, truth);
        b.Simulate(299, fb, truth); // a different frame first: frame 300 must not depend on it
        b.Simulate(300, fb, truth);
        Assert.Equal(fa.ByteSamples, fb.ByteSamples);
        Assert.Equal(fa.Stamp, fb.Stamp);
        var c = new MultibeamSimulator(World(5));
        var fc = c.CreateFrame();
        c.Simulate(300, fc, truth);
        Assert.NotEqual(fa.ByteSamples, fc.ByteSamples);
    }

    [Fact]
    public void Frame_carries_the_sonars_geometry_and_gains()
    {
        var world = World(1);
        var sim = new MultibeamSimulator(world);
        var f = sim.CreateFrame();
        sim.Simulate(10, f, new List<MultibeamObstacleTruth>());
        Assert.Equal(256, f.BeamCount);
        Assert.Equal(703, f.BinCount);
        Assert.Equal(MultibeamLayout.RangeMajor, f.Layout);
        Assert.Equal(20.0 / 703, f.RangeResolutionM, 1e-12);
        Assert.Equal(-65 * Math.PI / 180, f.BearingsRad[0], 1e-6);
        Assert.Equal(65 * Math.PI / 180, f.BearingsRad[255], 1e-6);
        Assert.Equal(world.Scenario.SoundSpeedMps, f.SoundSpeedMps);
        Assert.Equal(world.TimestampNs(1.0), f.Stamp.TimestampNs);
        Assert.Equal(10u, f.Stamp.Sequence);
        // docs/domain.md#absorption: about 217 dB/km at 750 kHz in the site's water.
        Assert.InRange(sim.AbsorptionDbPerKm, 210, 225);
        // Device row gain 30·log10 R + 2αR in amplitude: at 10 m (bin 351.5) 30 + 4.3 dB → 10^(34.3/20).
        var r = 351;
        var range = r * 20.0 / 703;
        Assert.Equal(Math.Pow(10, (30 * Math.Log10(range) + 2 * sim.AbsorptionDbPerKm / 1000 * range) / 20), f.RowGains[r], 1e-3 * f.RowGains[r]);
        Assert.Equal(6000, sim.FrameCount);
    }

    [Fact]
    public void Obstacle_echo_is_bright_at_its_truth_range_and_bearing()
    {
        // Find a frame with a boulder well inside the fan and the vertical beam, then compare the 8-bit samples
        // just behind its truth range on its bearing with the same range on a bearing 30° away.
        var world = World(1);
        var sim = new MultibeamSimulator(world);
        var f = sim.CreateFrame();
        var truth = new List<MultibeamObstacleTruth>();
        var checkedOne = false;
        for (var k = 0; k < sim.FrameCount && !checkedOne; k += 100)
        {
            sim.Simulate(k, f, truth);
            foreach (var t in truth)
            {
                if (!t.InFan || t.VerticalGainDb < -3 || Math.Abs(t.BearingRad) > 0.6 || t.RangeM < 5 || t.RangeM > 18)
                {
                    continue;
                }
                var beam = (int)Math.Round((t.BearingRad + 65 * Math.PI / 180) / (130 * Math.PI / 180) * 255);
                var other = beam + (t.BearingRad > 0 ? -60 : 60);
                var bin = (int)Math.Round(t.RangeM / f.RangeResolutionM);
                double on = 0, off = 0;
                for (var r = bin; r < bin + 6; r++)
                {
                    on = Math.Max(on, f.ByteSamples[r * 256 + beam]);
                    off = Math.Max(off, f.ByteSamples[r * 256 + other]);
                }
                Assert.True(on > 3 * off && on >= 100, $"frame {k}: on {on}, off {off}");
                checkedOne = true;
                break;
            }
        }
        Assert.True(checkedOne);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>("world", () => new MultibeamSimulator(null!));
        Assert.Throws<ArgumentException>("settings", () => new MultibeamSimulator(World(1), new MultibeamSimulatorSettings { Beams = 1 }));
        Assert.Throws<ArgumentException>("settings", () => new MultibeamSimulator(World(1), new MultibeamSimulatorSettings { FanDeg = 200 }));
        var sim = new MultibeamSimulator(World(1));
        Assert.Throws<ArgumentException>("frame", () => sim.Simulate(0, new MultibeamFrame(), new List<MultibeamObstacleTruth>()));
        Assert.Throws<ArgumentOutOfRangeException>("k", () => sim.Simulate(-1, sim.CreateFrame(), new List<MultibeamObstacleTruth>()));
    }
}
