using RovDsp.Dsp.Statistics;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Statistics;

public class RunningMeanVarianceTests
{
    private const string File = "stats.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File, "meanvar");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_numpy_windows(string name)
    {
        var c = Fixture.Case(File, name, "meanvar");
        var x = c.Floats("x");
        var s = new RunningMeanVariance(c.Int("window"), c.Int("ddof"));
        var mean = new float[x.Length];
        var variance = new float[x.Length];
        s.Process(x, mean, variance);
        // Mean: double state, float32 output: rtol 1.2e-7 (1 ulp) + atol 1e-6 for near-zero means.
        Assertions.AllClose(c.Doubles("mean"), mean, 1.2e-7, 1e-6, name + " mean");
        // Variance of 1e4 + N(0,1) data: the sliding update cancels terms of size ~1e4·|x−x₀|, leaving a double
        // rounding error ~1e4·1e-16 per step between the exact resyncs (every w samples), far below float32
        // resolution; rtol 1e-6 (8 ulp) covers the cast and the drift, atol 1e-9 the ddof-zero warm-up samples.
        Assertions.AllClose(c.Doubles("variance"), variance, 1e-6, 1e-9, name + " variance");
    }

    [Fact]
    public void Block_splitting_and_reset()
    {
        var x = StatsHelpers.Gaussian(5000, 2, offset: 1e4);
        var s = new RunningMeanVariance(37, 1);
        StatsHelpers.AssertMeanVarianceBlockInvariant(x, s.Process, s.Reset, seed: 100);
    }

    [Fact]
    public void Stays_accurate_over_long_stream()
    {
        // 200k samples of 1e4 + N(0,1): checks drift against an exact two-pass window at the end.
        var x = StatsHelpers.Gaussian(200_000, 9, offset: 1e4);
        const int w = 250;
        var s = new RunningMeanVariance(w);
        var mean = new float[x.Length];
        var variance = new float[x.Length];
        s.Process(x, mean, variance);
        var sum = 0.0;
        for (var i = x.Length - w; i < x.Length; i++)
        {
            sum += x[i];
        }
        var mu = sum / w;
        var ss = 0.0;
        for (var i = x.Length - w; i < x.Length; i++)
        {
            ss += (x[i] - mu) * (x[i] - mu);
        }
        Assert.Equal(mu, mean[^1], 1e-3);                   // float32 at 1e4 has ulp 1e-3
        Assert.Equal(ss / w, variance[^1], 1e-5 * (ss / w)); // relative 1e-5
    }

    [Fact]
    public void Does_not_allocate()
    {
        var x = StatsHelpers.Gaussian(4096, 1);
        var m = new float[x.Length];
        var v = new float[x.Length];
        var s = new RunningMeanVariance(64);
        Assert.Equal(0, StatsHelpers.AllocatedBySecondCall(() => s.Process(x, m, v)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("window", Assert.Throws<ArgumentOutOfRangeException>(() => new RunningMeanVariance(0)).ParamName);
        Assert.Equal("ddof", Assert.Throws<ArgumentOutOfRangeException>(() => new RunningMeanVariance(4, 2)).ParamName);
        var s = new RunningMeanVariance(4);
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => s.Process(new float[4], new float[3], new float[4])).ParamName);
        Assert.Equal("variance", Assert.Throws<ArgumentException>(() => s.Process(new float[4], new float[4], new float[3])).ParamName);
    }
}
