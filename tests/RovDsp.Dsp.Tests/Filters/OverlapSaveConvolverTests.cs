using RovDsp.Dsp.Filters;
using RovDsp.Dsp.Tests.Support;
using static RovDsp.Dsp.Tests.Filters.FilterTestSupport;

namespace RovDsp.Dsp.Tests.Filters;

public class OverlapSaveConvolverTests
{
    private const string File = "filters_ols.json";

    public static IEnumerable<object[]> Cases()
    {
        foreach (var c in Fixture.CaseNames(File))
        {
            // 0: default block length; others: a short head, an odd head, and the whole kernel in the head.
            foreach (var p in new[] { 0, 100, 333 })
            {
                yield return new[] { c[0], p };
            }
        }
        yield return new object[] { "taps1000", 1000 };
        yield return new object[] { "taps1537", 1536 };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_lfilter(string name, int blockLength)
    {
        var c = Fixture.Case(File, name);
        var taps = c.Doubles("taps");
        var x = c.Floats("x");
        var expected = c.Doubles("y");
        var conv = new OverlapSaveConvolver(taps, blockLength);
        Assert.Equal(conv.BlockLength == taps.Length ? 0 : 2 * conv.BlockLength, conv.FftLength);
        var y = new float[x.Length];
        conv.Process(x, y);
        // float32 throughout. Rounding errors of the direct head and of the float32 FFT (error ~ eps32·log2 N
        // relative to the norms) behave like a random walk over the L terms: sqrt(L)·eps32·Σ|h|·max|x| (about
        // 4e-5 of the scale here, measured errors stay below a tenth of it). Higham's worst case L·eps32 would be
        // too loose to catch a tail misaligned by one sample (which gives ~7e-5 with these smooth kernels).
        var scale = SumAbs(taps) * Assertions.MaxAbs(ToDouble(x));
        var atol = Math.Sqrt(taps.Length) * Eps32 * scale;
        Assertions.AllClose(expected, y, 0, atol, $"{name} P={conv.BlockLength} N={conv.FftLength}");
    }

    [Theory]
    [InlineData("taps1000", 0)]
    [InlineData("taps1537", 100)]
    public void Block_splitting_is_bit_identical(string name, int blockLength)
    {
        var c = Fixture.Case(File, name);
        BlockSplitting.AssertInvariant(new OverlapSaveConvolver(c.Doubles("taps"), blockLength), c.Floats("x"));
    }

    [Fact]
    public void Reset_in_place_and_no_allocation()
    {
        var c = Fixture.Case(File, "taps4000");
        var conv = new OverlapSaveConvolver(c.Doubles("taps"));
        var x = c.Floats("x");
        var fresh = new float[x.Length];
        conv.Process(x, fresh);
        conv.Process(Noise(1234, 7), new float[1234]);
        conv.Reset();
        var again = (float[])x.Clone();
        conv.Process(again, again);
        Assert.Equal(fresh, again);
        var y = new float[x.Length];
        Assert.Equal(0, AllocatedBy(() => conv.Process(x, y)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("taps", Assert.Throws<ArgumentException>(() => new OverlapSaveConvolver(ReadOnlySpan<float>.Empty)).ParamName);
        Assert.Equal("blockLength",
            Assert.Throws<ArgumentOutOfRangeException>(() => new OverlapSaveConvolver(new float[10], 11)).ParamName);
        Assert.Equal("blockLength",
            Assert.Throws<ArgumentOutOfRangeException>(() => new OverlapSaveConvolver(new float[10], -1)).ParamName);
        var conv = new OverlapSaveConvolver(new float[300], 64);
        Assert.Equal(128, conv.FftLength);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => conv.Process(new float[4], new float[3])).ParamName);
    }
}
