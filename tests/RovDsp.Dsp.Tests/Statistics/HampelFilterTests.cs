using RovDsp.Dsp.Statistics;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Statistics;

public class HampelFilterTests
{
    private const string File = "stats.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File, "hampel");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_numpy_reference(string name)
    {
        var c = Fixture.Case(File, name, "hampel");
        var x = c.Floats("x");
        var h = new HampelFilter(c.Int("k"), c.Number("nsigma"));
        var y = new float[x.Length];
        h.Process(x, y);
        // Every output is an input sample or a window median (an input element) and the decision is evaluated in
        // double on the same values as numpy's float64 reference, so the match is exact (tolerance 0).
        Assertions.AllClose(c.Doubles("expected"), y, 0, 0, name);
        Assert.Equal(c.Int("replaced"), h.ReplacedCount);
    }

    [Theory]
    [InlineData("k3_spikes")]
    [InlineData("k1_spikes")]
    [InlineData("k10_spikes_n2")]
    public void Removes_injected_spikes(string name)
    {
        var c = Fixture.Case(File, name, "hampel");
        var x = c.Floats("x");
        var k = c.Int("k");
        var y = new float[x.Length];
        new HampelFilter(k, c.Number("nsigma")).Process(x, y);
        foreach (var s in c.Doubles("spikes"))
        {
            var i = (int)s;
            // The fixture adds spikes of 2..6 to sin(2πi/250) + 0.05·noise; a replaced spike lands within a few
            // noise σ of the clean sine (0.25 = 5σ), far from the spike itself.
            var clean = Math.Sin(2 * Math.PI * i / 250.0);
            Assert.True(Math.Abs(y[i + k] - clean) < 0.25, $"spike at {i} not removed: {y[i + k]} vs clean {clean}");
        }
    }

    [Fact]
    public void Leaves_clean_data_untouched()
    {
        var c = Fixture.Case(File, "k5_clean", "hampel");
        var x = c.Floats("x");
        var h = new HampelFilter(5);
        var y = new float[x.Length];
        h.Process(x, y);
        Assert.Equal(0, h.ReplacedCount);
        // Pure delay by k: bit-identical.
        for (var n = 5; n < x.Length; n++)
        {
            Assert.Equal(x[n - 5], y[n]);
        }
        for (var n = 0; n < 5; n++)
        {
            Assert.Equal(0f, y[n]);
        }
    }

    [Fact]
    public void Block_splitting_reset_and_counter()
    {
        var c = Fixture.Case(File, "k3_spikes", "hampel");
        var x = c.Floats("x");
        var h = new HampelFilter(3);
        BlockSplitting.AssertInvariant(h, x);
        // After AssertInvariant's last run the counter covers one full pass; Reset clears it.
        Assert.Equal(c.Int("replaced"), h.ReplacedCount);
        h.Reset();
        Assert.Equal(0, h.ReplacedCount);
        Assert.Equal(3, h.Latency);
    }

    [Fact]
    public void Does_not_allocate()
    {
        var x = StatsHelpers.Gaussian(8192, 5);
        var y = new float[x.Length];
        var h = new HampelFilter(7);
        Assert.Equal(0, StatsHelpers.AllocatedBySecondCall(() => h.Process(x, y)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("halfWindow", Assert.Throws<ArgumentOutOfRangeException>(() => new HampelFilter(0)).ParamName);
        Assert.Equal("nSigma", Assert.Throws<ArgumentOutOfRangeException>(() => new HampelFilter(2, -1)).ParamName);
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => new HampelFilter(2, 3, 0)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => new HampelFilter(2).Process(new float[4], new float[3])).ParamName);
    }
}
