using RovDsp.Dsp.Filters;
using RovDsp.Dsp.Simd;
using RovDsp.Dsp.Tests.Support;
using static RovDsp.Dsp.Tests.Filters.FilterTestSupport;

namespace RovDsp.Dsp.Tests.Filters;

public class FirFilterTests
{
    private const string File = "filters_fir.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_lfilter(string name)
    {
        var c = Fixture.Case(File, name);
        var taps = c.Doubles("taps");
        var x = c.Floats("x");
        var expected = c.Doubles("y");
        var filter = new FirFilter(taps);
        var y = new float[x.Length];
        filter.Process(x, y);
        // Taps and inputs are exactly float32 in the fixture, so the only error is the float32 dot product:
        // Higham's bound |err| <= gamma_N * sum|h||x| with gamma_N ~ N*eps32 (plus one rounding of the result).
        var atol = (taps.Length + 2) * Eps32 * SumAbs(taps) * Assertions.MaxAbs(ToDouble(x));
        Assertions.AllClose(expected, y, 0, atol, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Block_splitting_is_bit_identical(string name)
    {
        var c = Fixture.Case(File, name);
        BlockSplitting.AssertInvariant(new FirFilter(c.Doubles("taps")), c.Floats("x"));
    }

    [Fact]
    public void Float_and_double_taps_agree_and_in_place_works()
    {
        var c = Fixture.Case(File, "taps65");
        var taps = c.Doubles("taps");
        var x = c.Floats("x");
        var single = new float[taps.Length];
        for (var i = 0; i < taps.Length; i++)
        {
            single[i] = (float)taps[i];
        }
        var a = new float[x.Length];
        new FirFilter(taps).Process(x, a);
        var b = (float[])x.Clone();
        var f = new FirFilter(single);
        f.Process(b, b);
        Assert.Equal(a, b);
        Assert.Equal(65, f.TapCount);
        Assert.Equal(single, f.Taps.ToArray());
    }

    [Fact]
    public void Reset_restores_initial_state()
    {
        var c = Fixture.Case(File, "taps64");
        var f = new FirFilter(c.Doubles("taps"));
        var x = c.Floats("x");
        var fresh = new float[x.Length];
        f.Process(x, fresh);
        f.Process(Noise(777, 5), new float[777]);
        f.Reset();
        var again = new float[x.Length];
        f.Process(x, again);
        Assert.Equal(fresh, again);
    }

    [Fact]
    public void Does_not_allocate_after_construction()
    {
        var f = new FirFilter(Noise(255, 1));
        var x = Noise(5000, 2);
        var y = new float[x.Length];
        Assert.Equal(0, AllocatedBy(() => f.Process(x, y)));
        Assert.Equal(0, AllocatedBy(() => f.Process(x.AsSpan(0, 3), y)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("taps", Assert.Throws<ArgumentException>(() => new FirFilter(ReadOnlySpan<float>.Empty)).ParamName);
        Assert.Equal("taps", Assert.Throws<ArgumentException>(() => new FirFilter(ReadOnlySpan<double>.Empty)).ParamName);
        var f = new FirFilter(new float[] { 1, 2 });
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => f.Process(new float[4], new float[3])).ParamName);
    }

    [SkippableTheory]
    [MemberData(nameof(ForcedVectorPaths.All), MemberType = typeof(ForcedVectorPaths))]
    public void Every_vector_path_gives_the_scalar_paths_output_bit_for_bit(string pathName)
    {
        // Every output is the same fused chain on every width, so the paths agree exactly. Lengths leave remainders
        // at each width (8·16, 8·8 and 8·4 blocks, single vectors, scalar tail); several process calls carry state.
        var path = ForcedVectorPaths.Require(pathName);
        var random = new Random(41);
        foreach (var tapCount in new[] { 1, 3, 16, 64, 129 })
        {
            var taps = new float[tapCount];
            for (var k = 0; k < tapCount; k++)
            {
                taps[k] = (float)(random.NextDouble() - 0.5);
            }
            var x = new float[3001];
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = (float)(random.NextDouble() * 2 - 1);
            }
            var scalar = new FirFilter(taps, VectorPath.Scalar);
            var forced = new FirFilter(taps, path);
            var expected = new float[x.Length];
            var actual = new float[x.Length];
            var offset = 0;
            foreach (var n in new[] { 1, 7, 130, 263, 2600 })
            {
                scalar.Process(x.AsSpan(offset, n), expected.AsSpan(offset, n));
                forced.Process(x.AsSpan(offset, n), actual.AsSpan(offset, n));
                offset += n;
            }
            ForcedVectorPaths.BitEqual(expected, actual, $"{tapCount} taps on {path}");
        }
    }
}
