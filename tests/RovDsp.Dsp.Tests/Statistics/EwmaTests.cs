using RovDsp.Dsp.Statistics;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Statistics;

public class EwmaTests
{
    private const string File = "stats.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File, "ewma");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_lfilter(string name)
    {
        var c = Fixture.Case(File, name, "ewma");
        var x = c.Floats("x");
        var e = new Ewma(c.Number("alpha"), c.Number("initial"));
        var y = new float[x.Length];
        e.Process(x, y);
        // Same double recursion as lfilter; the only difference is the final cast to float32 (relative 6e-8),
        // so rtol 1.2e-7 plus atol 1e-7 for outputs that pass near zero.
        Assertions.AllClose(c.Doubles("expected"), y, 1.2e-7, 1e-7, name);
    }

    [Fact]
    public void Block_splitting_and_reset()
    {
        BlockSplitting.AssertInvariant(new Ewma(0.05, 1.0), StatsHelpers.Gaussian(2000, 11));
    }

    [Fact]
    public void Does_not_allocate()
    {
        var x = StatsHelpers.Gaussian(4096, 1);
        var y = new float[x.Length];
        var e = new Ewma(0.2);
        Assert.Equal(0, StatsHelpers.AllocatedBySecondCall(() => e.Process(x, y)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new Ewma(0)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new Ewma(1.5)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new Ewma(double.NaN)).ParamName);
        Assert.Equal("initialValue", Assert.Throws<ArgumentOutOfRangeException>(() => new Ewma(0.5, double.NaN)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => new Ewma(0.5).Process(new float[4], new float[3])).ParamName);
    }
}
