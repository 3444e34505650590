using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Dsp.Simd;
using RovDsp.Dsp.Tests.Support;
using static RovDsp.Dsp.Tests.Pipelines.ScanningSonar.ScanningSonarSynthetic;

namespace RovDsp.Dsp.Tests.Pipelines.ScanningSonar;

/// <summary>
/// The scanning-sonar pipeline held to each vector path (its detector's CFAR loops) gives the scalar path's
/// results exactly over a turn and a half with targets: the same step results, polar image, obstacles and
/// detection mask. The pipeline's 1200-sample steps give 1200 bins plus sector margins, so the CFAR's rows leave
/// remainders at every width.
/// </summary>
public sealed class ScanningSonarPipelinePathTests
{
    public static TheoryData<string> Paths => ForcedVectorPaths.All;

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Every_path_gives_the_scalar_paths_results(string pathName)
    {
        var path = ForcedVectorPaths.Require(pathName);
        var settings = new ScanningSonarSettings { SoundSpeedMps = SoundSpeed };
        var scalar = new ScanningSonarPipeline(settings, VectorPath.Scalar);
        var forced = new ScanningSonarPipeline(settings, path);
        var step = new ScanningSonarStep();
        var random = new Random(7);
        var ticks = TicksFor(20, 1200);
        var detected = 0;
        for (uint k = 0; k < 600; k++)
        {
            Fill(step, k, (int)(k % 400), ticks, 1200, random, (123, 7.3), (149, 12.0), (300, 4.4));
            var expected = scalar.Process(step);
            var actual = forced.Process(step);
            Assert.Equal(expected, actual);
            detected += expected.SectorDetected ? 1 : 0;
        }
        Assert.True(detected > 0, "the targets must be detected");
        ForcedVectorPaths.BitEqual(scalar.PolarImage, forced.PolarImage, $"{path} polar image");
        Assert.Equal(scalar.Obstacles.ToArray(), forced.Obstacles.ToArray());
    }
}
