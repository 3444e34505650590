using RovDsp.Baselines.Pipelines;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Multibeam;

namespace RovDsp.Benchmarks.Tests.Pipelines;

/// <summary>
/// The optimised imaging pipeline against the frozen previous implementation (the benchmark baseline) on simulated
/// multibeam frames: the same processed image, the same CFAR detections and the same obstacles.
/// </summary>
/// <remarks>
/// The tolerance on the image and on the detections is zero, deliberately: every float result of the new code is
/// produced by the same IEEE-754 operations on the same operands in the same order as before (the fused passes
/// only keep intermediate values in registers; the per-beam median is an exact order statistic either way; the
/// CFAR box sums add the same doubling levels in the same order), and IEEE single-precision add, multiply and
/// compare are exactly rounded, so any difference at all, even one ulp, means an operation changed. A one-ulp change
/// in a training sum can flip a cell at the threshold, so a looser image tolerance could not promise the same
/// detections. Frames come from all three scenarios and several seeds, every 97th frame of 90 s (about 10 per
/// run), through the simulator's own range-major 8-bit layout and through beam-major and float re-encodings of
/// the same frames, which take the pipeline's other paths.
/// </remarks>
public sealed class MultibeamPipelineEquivalenceTests
{
    public static TheoryData<ScenarioKind, int> Runs() => new()
    {
        { ScenarioKind.Obstacle, 1 },
        { ScenarioKind.Obstacle, 2 },
        { ScenarioKind.Obstacle, 3 },
        { ScenarioKind.Nominal, 1 },
        { ScenarioKind.Clog, 2 },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Same_image_detections_and_obstacles_as_the_previous_pipeline(ScenarioKind kind, int seed)
    {
        var world = DiveWorld.Create(DiveScenario.Create(kind, (ulong)seed, TimeSpan.FromSeconds(90)));
        var sim = new MultibeamSimulator(world);
        var frame = sim.CreateFrame();
        var truth = new List<MultibeamObstacleTruth>();
        var current = new MultibeamPipeline(new MultibeamSettings());
        var previous = new MultibeamPipelinePrevious(new MultibeamSettings());
        var framesWithObstacles = 0;
        var compared = 0;
        for (var k = 0; k < sim.FrameCount; k += 97)
        {
            sim.Simulate(k, frame, truth);
            foreach (var variant in Variants(frame))
            {
                var a = current.Process(variant);
                var b = previous.Process(variant);
                AssertSame(a, b, current, previous, $"{kind}/{seed} frame {k} {variant.Layout} {(variant.ByteSamples.Length > 0 ? "bytes" : "floats")}");
                framesWithObstacles += a.ObstacleCount > 0 ? 1 : 0;
                compared++;
            }
        }
        Assert.True(compared >= 20, $"only {compared} frames compared");
        if (kind == ScenarioKind.Obstacle)
        {
            // The comparison must have covered real detections, not only empty frames.
            Assert.True(framesWithObstacles > 0, "no frame had an obstacle: the comparison proved little");
        }
    }

    [Fact]
    public void Detector_alone_matches_the_previous_detector_with_other_windows()
    {
        // Window widths whose set bits differ from the default 37 / 21 take the detector's generic term loop.
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, 1, TimeSpan.FromSeconds(90)));
        var sim = new MultibeamSimulator(world);
        var frame = sim.CreateFrame();
        sim.Simulate(125, frame, new List<MultibeamObstacleTruth>());
        var pipeline = new MultibeamPipeline(new MultibeamSettings());
        pipeline.Process(frame);
        var image = pipeline.Image.ToArray();
        foreach (var settings in new[]
                 {
                     new ObstacleDetectorSettings { Looks = 3 },
                     new ObstacleDetectorSettings { Looks = 3, GuardBins = 4, TrainingBins = 12, GuardBeams = 2, TrainingBeams = 2 },
                     new ObstacleDetectorSettings { Looks = 3, GuardBins = 0, TrainingBins = 2, GuardBeams = 0, TrainingBeams = 1, Pfa = 0.05 },
                 })
        {
            var current = new PolarObstacleDetector(settings, 256, 703);
            var previous = new PolarObstacleDetectorPrevious(settings, 256, 703);
            var a = new Obstacle[64];
            var b = new Obstacle[64];
            var na = current.Process(image, 256, 703, frame.BearingsRad, 0f, (float)frame.RangeResolutionM, a);
            var nb = previous.Process(image, 256, 703, frame.BearingsRad, 0f, (float)frame.RangeResolutionM, b);
            Assert.Equal(previous.DetectionCount, current.DetectionCount);
            Assert.True(previous.DetectionMask.SequenceEqual(current.DetectionMask), $"mask differs for {settings}");
            Assert.Equal(b.AsSpan(0, nb).ToArray(), a.AsSpan(0, na).ToArray());
            Assert.True(current.DetectionCount > 0, $"no detections with {settings}: the comparison proved little");
        }
    }

    private static void AssertSame(MultibeamResult a, MultibeamResult b, MultibeamPipeline current,
        MultibeamPipelinePrevious previous, string what)
    {
        Assert.Equal(b.Valid, a.Valid);
        var x = current.Image;
        var y = previous.Image;
        Assert.Equal(y.Length, x.Length);
        for (var i = 0; i < x.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(x[i]) != BitConverter.SingleToInt32Bits(y[i]))
            {
                Assert.Fail($"{what}: image cell {i} is {x[i]:R}, previously {y[i]:R}");
            }
        }
        Assert.Equal(b.DetectionCount, a.DetectionCount);
        Assert.True(previous.Detector.DetectionMask.SequenceEqual(current.Detector.DetectionMask), $"{what}: detection mask differs");
        Assert.Equal(b.Obstacles.ToArray(), a.Obstacles.ToArray());
        Assert.Equal(b.HasNearestInCorridor, a.HasNearestInCorridor);
        Assert.Equal(b.NearestInCorridor, a.NearestInCorridor);
    }

    /// <summary>The simulated frame as sent (range-major bytes), and re-encoded beam-major bytes, range-major float
    /// amplitudes and beam-major float intensities (the same samples, so the same image up to the squaring).</summary>
    private static IEnumerable<MultibeamFrame> Variants(MultibeamFrame f)
    {
        yield return f;
        var beams = f.BeamCount;
        var bins = f.BinCount;
        var beamMajor = new byte[beams * bins];
        var floats = new float[beams * bins];
        var intensities = new float[beams * bins];
        for (var r = 0; r < bins; r++)
        {
            for (var b = 0; b < beams; b++)
            {
                var v = f.ByteSamples[r * beams + b];
                beamMajor[b * bins + r] = v;
                floats[r * beams + b] = v;
                intensities[b * bins + r] = (float)v * v;
            }
        }
        yield return Copy(f, MultibeamLayout.BeamMajor, MultibeamSampleKind.Amplitude, beamMajor, []);
        yield return Copy(f, MultibeamLayout.RangeMajor, MultibeamSampleKind.Amplitude, [], floats);
        yield return Copy(f, MultibeamLayout.BeamMajor, MultibeamSampleKind.Intensity, [], intensities);
    }

    private static MultibeamFrame Copy(MultibeamFrame f, MultibeamLayout layout, MultibeamSampleKind kind, byte[] bytes,
        float[] floats) => new()
        {
            Stamp = f.Stamp,
            BeamCount = f.BeamCount,
            BinCount = f.BinCount,
            BearingsRad = f.BearingsRad,
            RangeResolutionM = f.RangeResolutionM,
            StartRangeM = f.StartRangeM,
            SoundSpeedMps = f.SoundSpeedMps,
            FrequencyHz = f.FrequencyHz,
            GainDb = f.GainDb,
            RowGains = f.RowGains,
            Layout = layout,
            SampleKind = kind,
            ByteSamples = bytes,
            FloatSamples = floats,
        };
}
