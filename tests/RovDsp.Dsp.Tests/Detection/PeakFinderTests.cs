using System.Text.Json;
using RovDsp.Dsp.Detection;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Detection;

public class PeakFinderTests
{
    private const string File = "detection.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File, "peaks");

    private static double? Optional(JsonElement c, string name) =>
        c.GetProperty(name).ValueKind == JsonValueKind.Null ? null : c.Number(name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_find_peaks(string name)
    {
        var c = Fixture.Case(File, name, "peaks");
        var x = c.Floats("x");
        var finder = new PeakFinder(x.Length, Optional(c, "height"), Optional(c, "prominence"), c.Int("distance"));
        var cap = PeakFinder.MaxPeakCount(x.Length);
        var peaks = new int[cap];
        var prom = new float[cap];
        var n = finder.Find(x, peaks, prom);
        var expected = c.Doubles("peaks");
        // Indices must be identical.
        Assert.Equal(expected, peaks.Take(n).Select(i => (double)i).ToArray());
        // Prominence is a difference of two float32 samples, exact in double; the output is its float32
        // rounding: rtol 1.2e-7.
        Assertions.AllClose(c.Doubles("prominences"), prom.AsSpan(0, n), 1.2e-7, 0, name);
    }

    [Fact]
    public void Plateau_peak_is_middle_rounded_down()
    {
        var finder = new PeakFinder(16);
        var peaks = new int[8];
        var prom = new float[8];
        // plateau 2..5 (4 samples) -> (2+5)/2 = 3; plateau 8..10 -> 9; edge plateau at 13..15 is not a peak.
        float[] x = [0, 1, 3, 3, 3, 3, 1, 2, 4, 4, 4, 0, 1, 5, 5, 5];
        var n = finder.Find(x, peaks, prom);
        Assert.Equal([3, 9], peaks.AsSpan(0, n).ToArray());
        Assert.Equal([2f, 4f], prom.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void Distance_keeps_highest_and_later_of_equal_peaks()
    {
        // Peaks at 2 (h 3), 5 (h 3), 8 (h 4), 14 (h 1). With distance 4 the highest (8) removes 5; the equal pair
        // 2/5 no longer competes, so 2 stays; 14 is far enough. Ties within distance: the later peak wins
        // (documented). scipy 1.10 gives [2, 8, 14] and [3] for these two signals too, but for ties in longer
        // arrays its order depends on numpy's unstable argsort.
        float[] x = [0, 1, 3, 1, 0, 3, 0, 1, 4, 0, 0, 0, 0, 0, 1, 0];
        var peaks = new int[8];
        var prom = new float[8];
        var n = new PeakFinder(16, distance: 4).Find(x, peaks, prom);
        Assert.Equal([2, 8, 14], peaks.AsSpan(0, n).ToArray());
        float[] tie = [0, 2, 0, 2, 0];
        n = new PeakFinder(5, distance: 3).Find(tie, peaks, prom);
        Assert.Equal([3], peaks.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void Does_not_allocate()
    {
        var x = StatsHelpers.Gaussian(8192, 3);
        var finder = new PeakFinder(x.Length, height: 0.0, prominence: 0.5, distance: 5);
        var peaks = new int[PeakFinder.MaxPeakCount(x.Length)];
        var prom = new float[peaks.Length];
        Assert.Equal(0, StatsHelpers.AllocatedBySecondCall(() => finder.Find(x, peaks, prom)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("maxLength", Assert.Throws<ArgumentOutOfRangeException>(() => new PeakFinder(0)).ParamName);
        Assert.Equal("distance", Assert.Throws<ArgumentOutOfRangeException>(() => new PeakFinder(10, distance: 0)).ParamName);
        Assert.Equal("height", Assert.Throws<ArgumentOutOfRangeException>(() => new PeakFinder(10, height: double.NaN)).ParamName);
        var f = new PeakFinder(10);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => f.Find(new float[11], new int[5], new float[5])).ParamName);
        Assert.Equal("peaks", Assert.Throws<ArgumentException>(() => f.Find(new float[10], new int[3], new float[4])).ParamName);
        Assert.Equal("prominences", Assert.Throws<ArgumentException>(() => f.Find(new float[10], new int[4], new float[3])).ParamName);
    }
}
