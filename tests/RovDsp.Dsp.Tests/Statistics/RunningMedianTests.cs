using RovDsp.Dsp.Statistics;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Statistics;

public class RunningMedianTests
{
    private const string File = "stats.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File, "median");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_numpy_trailing_median(string name)
    {
        var c = Fixture.Case(File, name, "median");
        var x = c.Floats("x");
        var rm = new RunningMedian(c.Int("window"));
        var y = new float[x.Length];
        rm.Process(x, y);
        // Odd counts pick an input element (exact); even counts average two floats in float32, one rounding of
        // the half-sum against numpy's float64 mean: relative error <= 2^-24 ≈ 6e-8, so rtol 1.2e-7 (1 ulp).
        Assertions.AllClose(c.Doubles("expected"), y, 1.2e-7, 1e-30, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Full_windows_equal_centred_medfilt(string name)
    {
        var c = Fixture.Case(File, name, "median");
        if (!c.TryGetProperty("medfilt", out _))
        {
            return; // even or longer-than-signal windows: scipy.signal.medfilt has no odd window to compare with
        }
        var x = c.Floats("x");
        var w = c.Int("window");
        var medfilt = c.Doubles("medfilt");
        var y = new float[x.Length];
        new RunningMedian(w).Process(x, y);
        // Causal output n is the centred medfilt output at n − (w−1)/2: the same window, so exactly equal.
        for (var n = w - 1; n < x.Length; n++)
        {
            Assert.Equal(medfilt[n - (w - 1) / 2], (double)y[n]);
        }
    }

    [Fact]
    public void Warm_up_uses_available_samples()
    {
        var rm = new RunningMedian(5);
        var y = new float[3];
        rm.Process([3f, 1f, 2f], y);
        Assert.Equal([3f, 2f, 2f], y); // medians of {3}, {3,1}, {3,1,2}
    }

    [Fact]
    public void Block_splitting_and_reset()
    {
        var x = StatsHelpers.Gaussian(3000, 7);
        for (var i = 0; i < x.Length; i += 3)
        {
            x[i] = MathF.Round(x[i]); // duplicates
        }
        BlockSplitting.AssertInvariant(new RunningMedian(31), x);
        BlockSplitting.AssertInvariant(new RunningMedian(2), x);
    }

    [Fact]
    public void In_place_gives_same_result()
    {
        var x = StatsHelpers.Gaussian(500, 3);
        var expected = new float[x.Length];
        new RunningMedian(9).Process(x, expected);
        new RunningMedian(9).Process(x, x);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void NaN_does_not_corrupt_the_window()
    {
        const int w = 9;
        var x = StatsHelpers.Gaussian(400, 4);
        var clean = (float[])x.Clone();
        x[100] = float.NaN;
        x[250] = -float.NaN;
        var y = new float[x.Length];
        var yClean = new float[x.Length];
        new RunningMedian(w).Process(x, y);
        new RunningMedian(w).Process(clean, yClean);
        // Once a NaN has left the window, the window holds the same values as the clean signal's.
        for (var n = 0; n < x.Length; n++)
        {
            if (n is >= 100 and < 100 + w || n is >= 250 and < 250 + w)
            {
                continue;
            }
            Assert.Equal(yClean[n], y[n]);
        }
    }

    [Fact]
    public void Does_not_allocate()
    {
        var x = StatsHelpers.Gaussian(4096, 1);
        var y = new float[x.Length];
        var rm = new RunningMedian(101);
        Assert.Equal(0, StatsHelpers.AllocatedBySecondCall(() => rm.Process(x, y)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("window", Assert.Throws<ArgumentOutOfRangeException>(() => new RunningMedian(0)).ParamName);
        var rm = new RunningMedian(3);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => rm.Process(new float[4], new float[3])).ParamName);
    }
}
