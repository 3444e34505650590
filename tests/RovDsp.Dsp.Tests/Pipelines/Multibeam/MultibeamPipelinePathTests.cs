using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Simd;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Pipelines.Multibeam;

/// <summary>
/// The imaging pipeline held to each vector path (its per-beam medians, normalisation-and-speckle pass, CFAR and
/// fan-image log, and its detector's loops) gives the scalar path's frame exactly: the processed image bit for
/// bit, the detection mask, the obstacles and the fan image. Every loop is elementwise with the same operations
/// per element on every path, so there is no tolerance. Frames take the range-major 8-bit path (medians a beam
/// per lane, bytes widened a vector at a time), as amplitudes and as intensities, and the beam-major float path, at
/// sizes that leave remainders at every width.
/// </summary>
public sealed class MultibeamPipelinePathTests
{
    public static TheoryData<string> Paths => ForcedVectorPaths.All;

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Every_path_gives_the_scalar_paths_frame(string pathName)
    {
        var path = ForcedVectorPaths.Require(pathName);
        var settings = new MultibeamSettings { RenderFanEveryFrame = true, FanWidth = 160, FanHeight = 120 };
        foreach (var (beams, bins, layout, bytes, kind) in new[]
        {
            (256, 703, MultibeamLayout.RangeMajor, true, MultibeamSampleKind.Amplitude),
            (61, 419, MultibeamLayout.RangeMajor, true, MultibeamSampleKind.Amplitude),
            (59, 211, MultibeamLayout.RangeMajor, true, MultibeamSampleKind.Intensity),
            (45, 397, MultibeamLayout.BeamMajor, false, MultibeamSampleKind.Intensity),
        })
        {
            var frame = Frame(beams, bins, layout, bytes, kind, beams + bins);
            var scalar = new MultibeamPipeline(settings, VectorPath.Scalar);
            var forced = new MultibeamPipeline(settings, path);
            var expected = scalar.Process(frame);
            var actual = forced.Process(frame);
            var what = $"{path}, {beams}×{bins} {layout} {(bytes ? "8-bit" : "float")} {kind}";
            Assert.True(expected.Valid && actual.Valid, what);
            ForcedVectorPaths.BitEqual(scalar.Image, forced.Image, $"{what} image");
            Assert.True(scalar.Detector.DetectionMask.SequenceEqual(forced.Detector.DetectionMask), $"{what}: masks differ");
            Assert.True(expected.DetectionCount > 0, $"{what}: the frame must detect something");
            Assert.Equal(expected.DetectionCount, actual.DetectionCount);
            Assert.Equal(expected.Obstacles.ToArray(), actual.Obstacles.ToArray());
            Assert.True(expected.FanImage.SequenceEqual(actual.FanImage), $"{what}: fan images differ");
        }
    }

    /// <summary>Speckle over a beam pattern, three bright blobs, samples as 8-bit or float amplitudes or
    /// intensities.</summary>
    private static MultibeamFrame Frame(int beams, int bins, MultibeamLayout layout, bool bytes, MultibeamSampleKind kind,
        int seed)
    {
        var rng = new Random(seed);
        var intensity = new double[beams * bins];
        for (var b = 0; b < beams; b++)
        {
            var pattern = 0.5 + Math.Sin(Math.PI * (b + 0.5) / beams);
            for (var r = 0; r < bins; r++)
            {
                intensity[b * bins + r] = 40 * pattern * -Math.Log(1 - rng.NextDouble());
            }
        }
        for (var k = 0; k < 3; k++)
        {
            var b0 = rng.Next(beams - 4);
            var r0 = 40 + rng.Next(bins - 60);
            for (var b = b0; b < b0 + 4; b++)
            {
                for (var r = r0; r < r0 + 8; r++)
                {
                    intensity[b * bins + r] *= 30;
                }
            }
        }
        var frame = new MultibeamFrame
        {
            Stamp = new MessageStamp(1_000_000_000, 7),
            BeamCount = beams,
            BinCount = bins,
            BearingsRad = new float[beams],
            RangeResolutionM = 20.0 / bins,
            SoundSpeedMps = 1500,
            FrequencyHz = 750e3,
            Layout = layout,
            SampleKind = kind,
        };
        for (var b = 0; b < beams; b++)
        {
            frame.BearingsRad[b] = (float)((-65.0 + 130.0 * b / (beams - 1)) * Math.PI / 180);
        }
        var samples = new float[beams * bins];
        var raw = new byte[beams * bins];
        for (var b = 0; b < beams; b++)
        {
            for (var r = 0; r < bins; r++)
            {
                var at = layout == MultibeamLayout.BeamMajor ? b * bins + r : r * beams + b;
                var value = kind == MultibeamSampleKind.Amplitude ? Math.Sqrt(intensity[b * bins + r]) : intensity[b * bins + r] / 8;
                samples[at] = (float)value;
                raw[at] = (byte)Math.Clamp(Math.Round(value), 0, 255);
            }
        }
        if (bytes)
        {
            frame.ByteSamples = raw;
        }
        else
        {
            frame.FloatSamples = samples;
        }
        return frame;
    }
}
