using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Dsp.Simd;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Pipelines.Obstacles;

/// <summary>
/// The CFAR's vector loops (column sums, doubling levels, threshold compare) held to each vector path give the
/// scalar path's detections exactly: every lane adds the same floats in the same order as the scalar code, so the
/// mask, the counts and the obstacles must be identical, not merely close. Image sizes leave remainders at every
/// width (bins and tested bins not multiples of 4, 8 or 16), and the windows cover the unrolled three-term box
/// sums and the general term loop, with steps beyond a vector.
/// </summary>
public sealed class PolarObstacleDetectorPathTests
{
    public static TheoryData<string> Paths => ForcedVectorPaths.All;

    private static readonly ObstacleDetectorSettings[] Windows =
    [
        new(), // outer 37, guard 21 bins: three terms each
        new() { GuardBins = 2, TrainingBins = 5, GuardBeams = 0, TrainingBeams = 2, Pfa = 1e-2 }, // 15 and 5: four and two terms
        new() { GuardBins = 0, TrainingBins = 1, GuardBeams = 1, TrainingBeams = 1, Pfa = 5e-2, RingRejectFraction = 0 },
        new() { GuardBins = 20, TrainingBins = 20, Pfa = 1e-3 }, // outer 81: a level step of 32 (beyond a 512-bit vector)
    ];

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Every_path_detects_what_the_scalar_path_does(string pathName)
    {
        var path = ForcedVectorPaths.Require(pathName);
        foreach (var settings in Windows)
        {
            foreach (var (beams, bins) in new[] { (64, 703), (23, 301), (40, 93), (17, 131) })
            {
                var image = Image(beams, bins, beams * 1000 + bins);
                var bearings = new float[beams];
                for (var b = 0; b < beams; b++)
                {
                    bearings[b] = -1f + 2f * b / beams;
                }
                var scalar = new PolarObstacleDetector(settings, beams, bins, VectorPath.Scalar);
                var forced = new PolarObstacleDetector(settings, beams, bins, path);
                var expected = new Obstacle[64];
                var actual = new Obstacle[64];
                var n = scalar.Process(image, beams, bins, bearings, 0.5f, 0.03f, expected);
                var m = forced.Process(image, beams, bins, bearings, 0.5f, 0.03f, actual);
                var what = $"{path}, {beams}×{bins}, window {2 * (settings.GuardBins + settings.TrainingBins) + 1}";
                Assert.True(scalar.DetectionCount > 0, $"{what}: the image must detect something");
                Assert.Equal(scalar.DetectionCount, forced.DetectionCount);
                Assert.Equal(scalar.DroppedDetections, forced.DroppedDetections);
                Assert.Equal(scalar.RingDetections, forced.RingDetections);
                Assert.True(scalar.DetectionMask.SequenceEqual(forced.DetectionMask), $"{what}: detection masks differ");
                Assert.Equal(expected.AsSpan(0, n).ToArray(), actual.AsSpan(0, m).ToArray());
            }
        }
    }

    /// <summary>Exponential speckle with bright blobs, a bright range ring and scattered single bright cells.</summary>
    private static float[] Image(int beams, int bins, int seed)
    {
        var rng = new Random(seed);
        var x = new float[beams * bins];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)-Math.Log(1 - rng.NextDouble());
            if (rng.Next(200) == 0)
            {
                x[i] *= 40f;
            }
        }
        for (var k = 0; k < 4; k++)
        {
            var b0 = rng.Next(beams - 3);
            var r0 = rng.Next(bins - 6);
            for (var b = b0; b < b0 + 3; b++)
            {
                for (var r = r0; r < r0 + 6; r++)
                {
                    x[b * bins + r] += 60f;
                }
            }
        }
        var ring = bins / 2;
        for (var b = 0; b < beams; b++)
        {
            x[b * bins + ring] += 30f;
        }
        return x;
    }
}
