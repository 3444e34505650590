using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.ScanningSonar;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.ScanningSonar;

/// <summary>
/// The scanning-sonar pipeline on simulated Ping360 steps from the obstacle dive (two minutes, ten turns of the
/// head: three boulders, the riser's foot and the lost tool along the path). Every time a sector is detected,
/// each world obstacle whose bearing lies in that sector and whose near face is 2–18 m away (at the pose of the
/// step that swept its bearing) is an opportunity; it is found when a reported obstacle lies within 0.6 m + its
/// radius of the near face (Cartesian, sonar frame). Reports matching no world obstacle are false alarms.
/// </summary>
public class ScanningSonarAccuracyTests(ITestOutputHelper output)
{
    private sealed record Score(int Opportunities, int Found, int Reports, int FalseAlarms, int Duplicates);

    private static Score Run(ulong seed, ITestOutputHelper? log)
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, seed, TimeSpan.FromSeconds(120)));
        var sim = new ScanningSonarSimulator(world);
        var pipeline = new ScanningSonarPipeline(new ScanningSonarSettings { SoundSpeedMps = sim.SoundSpeedMps });
        var step = new ScanningSonarStep();
        var poseAt = new VehiclePose[400];
        var swept = new List<int>();
        int opportunities = 0, found = 0, reports = 0, falseAlarms = 0, duplicates = 0;
        var steps = (int)(120 * sim.Settings.StepRateHz);
        for (var k = 0; k < steps; k++)
        {
            var truth = sim.Next(step);
            poseAt[truth.AngleGrads] = truth.Pose;
            swept.Add(truth.AngleGrads);
            var result = pipeline.Process(step);
            if (!result.SectorDetected)
            {
                continue;
            }
            var reported = pipeline.Obstacles.ToArray();
            reports += reported.Length;
            var matched = new bool[reported.Length];
            if (k > 400)
            {
                // Opportunities: world obstacles whose bearing was swept in this sector.
                foreach (var o in world.Obstacles)
                {
                    foreach (var angle in swept)
                    {
                        var pose = poseAt[angle];
                        var (rc, bearing) = ScanningSonarSimulator.ToSonarFrame(pose, o);
                        var near = rc - o.RadiusM;
                        var stepBearing = ScanningSonarPipeline.BearingOf(angle);
                        if (Math.Abs(Math.IEEERemainder(bearing - stepBearing, 2 * Math.PI)) > Math.PI / 400 || near < 2 || near > 18)
                        {
                            continue;
                        }
                        opportunities++;
                        var hits = 0;
                        for (var j = 0; j < reported.Length; j++)
                        {
                            if (Distance(reported[j], near, bearing) <= 0.6 + o.RadiusM)
                            {
                                hits++;
                                matched[j] = true;
                            }
                        }
                        var hit = hits > 0;
                        duplicates += Math.Max(0, hits - 1);
                        found += hit ? 1 : 0;
                        log?.WriteLine($"seed {seed} k {k} {o.Kind} r={near:F2} b={bearing * 180 / Math.PI:F1}° alt={pose.AltitudeM:F2} h={o.HeightM:F2} TS={o.TargetStrengthDb:F1} {(hit ? "found" : "MISSED")}");
                        break;
                    }
                }
                for (var j = 0; j < reported.Length; j++)
                {
                    if (matched[j])
                    {
                        continue;
                    }
                    // Unmatched: is it any world obstacle (outside the 2–18 m window or seen from a slightly
                    // different pose)? Only reports near no obstacle at all are false alarms.
                    var pose = poseAt[AngleOf(reported[j].BearingRad)];
                    var any = false;
                    foreach (var o in world.Obstacles)
                    {
                        var (rc, bearing) = ScanningSonarSimulator.ToSonarFrame(pose, o);
                        any |= Distance(reported[j], rc - o.RadiusM, bearing) <= 1.0 + o.RadiusM;
                    }
                    if (!any)
                    {
                        falseAlarms++;
                        log?.WriteLine($"seed {seed} k {k} false alarm r={reported[j].RangeM:F2} b={reported[j].BearingRad * 180 / Math.PI:F1}° {reported[j].StrengthDb:F1} dB cells {reported[j].CellCount}");
                    }
                }
            }
            swept.Clear();
        }
        var dir = Environment.GetEnvironmentVariable("ROVDSP_DUMP_DIR");
        if (dir is not null)
        {
            var size = pipeline.Settings.CartesianSize;
            var pixels = new byte[size * size];
            pipeline.RenderCartesian(pixels);
            using var f = File.Create(Path.Combine(dir, $"scanning_sonar_{seed}.pgm"));
            f.Write(System.Text.Encoding.ASCII.GetBytes($"P5\n{size} {size}\n255\n"));
            f.Write(pixels);
        }
        return new Score(opportunities, found, reports, falseAlarms, duplicates);
    }

    private static int AngleOf(float bearingRad) => ((int)Math.Round(bearingRad * 400 / (2 * Math.PI)) % 400 + 400) % 400;

    private static double Distance(in Obstacle o, double range, double bearing)
    {
        var x1 = o.RangeM * Math.Sin(o.BearingRad);
        var y1 = o.RangeM * Math.Cos(o.BearingRad);
        var x2 = range * Math.Sin(bearing);
        var y2 = range * Math.Cos(bearing);
        return Math.Sqrt((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Obstacles_are_found_with_few_false_alarms(ulong seed)
    {
        var score = Run(seed, output);
        output.WriteLine($"seed {seed}: {score}");
        // The dive gives ~22 opportunities per seed (the riser, the lost tool and boulders over ten turns).
        Assert.True(score.Opportunities >= 15, $"only {score.Opportunities} opportunities");
        // Runs show 100 % on seeds 1–3 (23/23, 22/22, 23/23); 90 % leaves room for one miss in ten.
        Assert.True(score.Found >= 0.9 * score.Opportunities, $"recall {score.Found}/{score.Opportunities}");
        // Runs show no false alarm; at most one per two minutes of scanning is allowed.
        Assert.True(score.FalseAlarms <= 1, $"{score.FalseAlarms} false alarms");
        // An object is reported as one cluster: at most 10 % of the opportunities were also reported a second time.
        Assert.True(score.Duplicates <= 0.1 * score.Opportunities, $"{score.Duplicates} duplicate reports");
    }
}
