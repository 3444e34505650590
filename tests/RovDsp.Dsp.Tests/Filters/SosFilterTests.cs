using RovDsp.Dsp.Filters;
using RovDsp.Dsp.Tests.Support;
using static RovDsp.Dsp.Tests.Filters.FilterTestSupport;

namespace RovDsp.Dsp.Tests.Filters;

public class SosFilterTests
{
    private const string File = "filters_sos.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_sosfilt(string name)
    {
        var c = Fixture.Case(File, name);
        var filter = new SosFilter(c.Doubles("sos"));
        var x = c.Floats("x");
        var expected = c.Doubles("y");
        var y = new float[x.Length];
        filter.Process(x, y);
        // State is double as in scipy, so the output differs by its float32 rounding (eps32/2 relative) plus
        // double round-off amplified by the pole radius (orders 7-10 and the 0.01 cutoff reach ~1e-10 of scale):
        // rtol 1e-6 and atol 1e-6 of the signal scale cover both with margin, and any coefficient error fails.
        Assertions.AllClose(expected, y, 1e-6, 1e-6 * Assertions.MaxAbs(expected), name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Block_splitting_is_bit_identical(string name)
    {
        var c = Fixture.Case(File, name);
        BlockSplitting.AssertInvariant(new SosFilter(c.Doubles("sos")), c.Floats("x"));
    }

    [Fact]
    public void Reset_restores_initial_state_and_in_place_works()
    {
        var c = Fixture.Case(File, "butter_lp_o8");
        var f = new SosFilter(c.Doubles("sos"));
        Assert.Equal(4, f.SectionCount);
        var x = c.Floats("x");
        var fresh = new float[x.Length];
        f.Process(x, fresh);
        f.Process(Noise(300, 3), new float[300]);
        f.Reset();
        var again = (float[])x.Clone();
        f.Process(again, again);
        Assert.Equal(fresh, again);
    }

    [Fact]
    public void Does_not_allocate_after_construction()
    {
        var f = new SosFilter(Fixture.Case(File, "butter_lp_o10").Doubles("sos"));
        var x = Noise(3000, 2);
        var y = new float[x.Length];
        Assert.Equal(0, AllocatedBy(() => f.Process(x, y)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("sos", Assert.Throws<ArgumentException>(() => new SosFilter(ReadOnlySpan<double>.Empty)).ParamName);
        Assert.Equal("sos", Assert.Throws<ArgumentException>(() => new SosFilter(new double[7])).ParamName);
        Assert.Equal("sos", Assert.Throws<ArgumentException>(() => new SosFilter(new double[] { 1, 0, 0, 0, 0, 0 })).ParamName);
        Assert.Equal("sos", Assert.Throws<ArgumentException>(() => new SosFilter(new double[] { 1, double.NaN, 0, 1, 0, 0 })).ParamName);
        var f = new SosFilter(new double[] { 1, 0, 0, 1, 0, 0 });
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => f.Process(new float[4], new float[3])).ParamName);
    }
}
