using RovDsp.Dsp.Filters;
using RovDsp.Dsp.Simd;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Filters;

/// <summary>
/// The overlap-save convolver's spectrum multiply-accumulate held to each vector path gives the scalar path's
/// sums bit for bit (each bin is the same unfused multiplies and adds on every path), alone at every length
/// from 1 to 100 (every remainder of every width) and as the whole convolver's output.
/// </summary>
public sealed class OverlapSaveConvolverPathTests
{
    public static TheoryData<string> Paths => ForcedVectorPaths.All;

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void MultiplyAccumulate_matches_the_scalar_path_at_every_length(string pathName)
    {
        var path = ForcedVectorPaths.Require(pathName);
        var rng = new Random(5);
        for (var n = 1; n <= 100; n++)
        {
            var x = Enumerable.Range(0, 4).Select(_ => Random(rng, n)).ToArray();
            var s0 = Random(rng, n);
            var s1 = Random(rng, n);
            var expectedRe = (float[])s0.Clone();
            var expectedIm = (float[])s1.Clone();
            OverlapSaveConvolver.MultiplyAccumulate(x[0], x[1], x[2], x[3], expectedRe, expectedIm, VectorPath.Scalar);
            var actualRe = (float[])s0.Clone();
            var actualIm = (float[])s1.Clone();
            OverlapSaveConvolver.MultiplyAccumulate(x[0], x[1], x[2], x[3], actualRe, actualIm, path);
            ForcedVectorPaths.BitEqual(expectedRe, actualRe, $"{path}, n = {n}, real");
            ForcedVectorPaths.BitEqual(expectedIm, actualIm, $"{path}, n = {n}, imaginary");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Convolver_output_matches_the_scalar_path(string pathName)
    {
        var path = ForcedVectorPaths.Require(pathName);
        var rng = new Random(11);
        var taps = Random(rng, 1000);
        var input = Random(rng, 5000);
        // P = 100: 101 spectrum bins, a remainder at every width.
        var expected = new float[input.Length];
        new OverlapSaveConvolver(taps, 100, VectorPath.Scalar).Process(input, expected);
        var actual = new float[input.Length];
        new OverlapSaveConvolver(taps, 100, path).Process(input, actual);
        ForcedVectorPaths.BitEqual(expected, actual, $"{path} output");
    }

    private static float[] Random(Random rng, int n)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)(2 * rng.NextDouble() - 1);
        }
        return x;
    }
}
