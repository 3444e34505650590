using RovDsp.Dsp.Filters;
using RovDsp.Dsp.Tests.Support;
using static RovDsp.Dsp.Tests.Filters.FilterTestSupport;

namespace RovDsp.Dsp.Tests.Filters;

public class ResamplerTests
{
    private const string File = "filters_rate.json";

    public static IEnumerable<object[]> DecimCases => Fixture.CaseNames(File, "decim");

    public static IEnumerable<object[]> UpfirdnCases => Fixture.CaseNames(File, "upfirdn");

    public static IEnumerable<object[]> PolyCases => Fixture.CaseNames(File, "poly");

    // float32 taps and inputs are exact in the fixtures; each output is one float32 dot product of at most
    // ceil(N/up) terms: Higham's bound (terms + 2)·eps32·Σ|h|·max|x| (the same for every check below).
    private static double DotTolerance(double[] taps, int terms, float[] x)
        => (terms + 2) * Eps32 * SumAbs(taps) * Assertions.MaxAbs(ToDouble(x));

    [Theory]
    [MemberData(nameof(DecimCases))]
    public void Decimator_matches_scipy_upfirdn(string name)
    {
        var c = Fixture.Case(File, name, "decim");
        var m = c.Int("m");
        var taps = c.Doubles("taps");
        var x = c.Floats("x");
        var expected = c.Doubles("y");
        var d = new PolyphaseDecimator(m, taps);
        Assert.Equal(m, d.Factor);
        Assert.Equal(taps.Length, d.TapCount);
        var y = new float[expected.Length + 2];
        // A stream emits output k once input k·M has arrived: (n−1)/M + 1 outputs for n inputs.
        Assert.Equal((x.Length - 1) / m + 1, d.GetOutputCount(x.Length));
        var count = d.Process(x, y);
        Assert.Equal((x.Length - 1) / m + 1, count);
        // Flush with N−1 zeros: upfirdn's tail.
        count += d.Process(new float[taps.Length - 1], y.AsSpan(count));
        Assert.True(count >= expected.Length);
        Assertions.AllClose(expected, y.AsSpan(0, expected.Length), 0, DotTolerance(taps, taps.Length, x), name);

        RateSplitting.AssertInvariant(d.Process, d.Reset, x, x.Length);
    }

    [Theory]
    [MemberData(nameof(UpfirdnCases))]
    public void Resampler_matches_scipy_upfirdn(string name)
    {
        var c = Fixture.Case(File, name, "upfirdn");
        var up = c.Int("up");
        var down = c.Int("down");
        var taps = c.Doubles("taps");
        var x = c.Floats("x");
        var expected = c.Doubles("y");
        var r = new RationalResampler(up, down, taps);
        var y = new float[expected.Length + up + 2];
        var count = r.Process(x, y);
        Assert.Equal((int)(((long)x.Length * up + down - 1) / down), count);
        count += r.Process(new float[(taps.Length - 1 + up - 1) / up], y.AsSpan(count));
        Assert.True(count >= expected.Length);
        var terms = (taps.Length + up - 1) / up;
        Assertions.AllClose(expected, y.AsSpan(0, expected.Length), 0, DotTolerance(taps, terms, x), name);

        RateSplitting.AssertInvariant(r.Process, r.Reset, x, x.Length * up / down + 2);
    }

    [Theory]
    [MemberData(nameof(PolyCases))]
    public void Resample_matches_scipy_resample_poly(string name)
    {
        var c = Fixture.Case(File, name, "poly");
        var up = c.Int("up");
        var down = c.Int("down");
        var x = c.Floats("x");
        var expected = c.Doubles("y");
        var taps = c.Doubles("taps");
        // Default design (via FirDesign.Firwin) against scipy's firwin: double round-off only.
        var g = Gcd(up, down);
        Assertions.AllClose(taps, RationalResampler.DefaultTaps(up / g, down / g), 1e-12, 1e-14, name + " taps");
        var r = new RationalResampler(up, down);
        Assert.Equal(up / g, r.Up);
        Assert.Equal(down / g, r.Down);
        Assert.Equal(taps.Length, r.TapCount);

        Assert.Equal(expected.Length, RationalResampler.ResampleLength(x.Length, up, down));
        var y = new float[expected.Length];
        Assert.Equal(expected.Length, RationalResampler.Resample(x, up, down, y));
        // Taps rounded to float32 (relative eps32/2 each) plus the float32 dot product: the same bound.
        var terms = (taps.Length + up / g - 1) / (up / g);
        Assertions.AllClose(expected, y, 0, DotTolerance(taps, terms, x), name);
    }

    [Fact]
    public void Decimator_default_taps_match_scipy_decimate()
    {
        foreach (var c in Fixture.Load(File).GetProperty("decimate_taps").EnumerateArray())
        {
            var q = c.Int("q");
            // Double design against scipy's firwin: round-off only.
            Assertions.AllClose(c.Doubles("taps"), PolyphaseDecimator.DefaultTaps(q), 1e-12, 1e-14, $"q={q}");
            Assert.Equal(20 * q + 1, new PolyphaseDecimator(q).TapCount);
        }
        Assert.Equal([1.0], PolyphaseDecimator.DefaultTaps(1));
    }

    [Fact]
    public void Identity_ratio_copies()
    {
        var x = Noise(50, 3);
        var y = new float[50];
        Assert.Equal(50, RationalResampler.Resample(x, 7, 7, y));
        Assert.Equal(x, y);
        var r = new RationalResampler(3, 3);
        Assert.Equal(1, r.TapCount);
        Assert.Equal(50, r.Process(x, y));
        Assert.Equal(x, y);
    }

    [Fact]
    public void Reset_and_no_allocation()
    {
        var r = new RationalResampler(3, 2);
        var x = Noise(3001, 4);
        var first = new float[r.GetOutputCount(x.Length)];
        r.Process(x, first);
        r.Reset();
        var again = new float[first.Length];
        Assert.Equal(first.Length, r.Process(x, again));
        Assert.Equal(first, again);
        var y = new float[5000];
        Assert.Equal(0, AllocatedBy(() => r.Process(x, y)));
        var d = new PolyphaseDecimator(4);
        Assert.Equal(81, d.TapCount);
        Assert.Equal(0, AllocatedBy(() => d.Process(x, y)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("up", Assert.Throws<ArgumentOutOfRangeException>(() => new RationalResampler(0, 2)).ParamName);
        Assert.Equal("down", Assert.Throws<ArgumentOutOfRangeException>(() => new RationalResampler(2, 0, new[] { 1.0 })).ParamName);
        Assert.Equal("taps", Assert.Throws<ArgumentException>(() => new RationalResampler(2, 3, ReadOnlySpan<double>.Empty)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseDecimator(0)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseDecimator(-2, new float[] { 1 })).ParamName);
        var r = new RationalResampler(3, 1, new float[] { 1, 1, 1 });
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => r.Process(new float[4], new float[11])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => RationalResampler.Resample(new float[4], 3, 2, new float[5])).ParamName);
        Assert.Equal("inputLength", Assert.Throws<ArgumentOutOfRangeException>(() => r.GetOutputCount(-1)).ParamName);
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
