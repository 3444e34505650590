using RovDsp.Dsp.Statistics;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Statistics;

public class ExponentialMeanVarianceTests
{
    private const string File = "stats.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File, "expvar");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_direct_weighted_sums(string name)
    {
        var c = Fixture.Case(File, name, "expvar");
        var x = c.Floats("x");
        var s = new ExponentialMeanVariance(c.Number("alpha"));
        var mean = new float[x.Length];
        var variance = new float[x.Length];
        s.Process(x, mean, variance);
        // The fixture evaluates Σwᵢxᵢ and Σwᵢ(xᵢ−μ)² directly in float64; the recursion is algebraically equal, so
        // the differences are double rounding (≤1e-12 relative here) plus the final float32 cast: mean rtol
        // 1.2e-7 (1 ulp) + atol 1e-6; variance rtol 1e-6, atol 1e-9 for the first, near-zero values.
        Assertions.AllClose(c.Doubles("mean"), mean, 1.2e-7, 1e-6, name + " mean");
        Assertions.AllClose(c.Doubles("variance"), variance, 1e-6, 1e-9, name + " variance");
    }

    [Fact]
    public void Mean_equals_EWMA_started_at_first_sample()
    {
        var x = StatsHelpers.Gaussian(300, 8, offset: 5);
        var mean = new float[x.Length];
        new ExponentialMeanVariance(0.2).Process(x, mean, new float[x.Length]);
        var ewma = new float[x.Length];
        new Ewma(0.2, x[0]).Process(x, ewma);
        // Same recursion written two ways (μ + α(x−μ) vs αx + (1−α)μ): equal to a few float ulps.
        Assertions.AllClose(StatsHelpers.ToDoubles(ewma), mean, 5e-7, 1e-6, "ewma");
    }

    [Fact]
    public void Block_splitting_and_reset()
    {
        var x = StatsHelpers.Gaussian(3000, 6, offset: 1e4);
        var s = new ExponentialMeanVariance(0.05);
        StatsHelpers.AssertMeanVarianceBlockInvariant(x, s.Process, s.Reset, seed: 200);
    }

    [Fact]
    public void Does_not_allocate()
    {
        var x = StatsHelpers.Gaussian(4096, 1);
        var m = new float[x.Length];
        var v = new float[x.Length];
        var s = new ExponentialMeanVariance(0.1);
        Assert.Equal(0, StatsHelpers.AllocatedBySecondCall(() => s.Process(x, m, v)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialMeanVariance(0)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialMeanVariance(1.01)).ParamName);
        var s = new ExponentialMeanVariance(0.5);
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => s.Process(new float[4], new float[3], new float[4])).ParamName);
        Assert.Equal("variance", Assert.Throws<ArgumentException>(() => s.Process(new float[4], new float[4], new float[3])).ParamName);
    }
}
