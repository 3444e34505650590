using System.Text.Json;
using RovDsp.Dsp.Design;
using RovDsp.Dsp.Tests.Support;
using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.Tests.Design;

/// <summary>FIR design against <c>scipy.signal.firwin</c>/<c>kaiserord</c> (fixture firwin.json from gen_design.py).</summary>
public class FirDesignTests
{
    private const string File = "firwin.json";

    /// <summary>Every firwin fixture case name.</summary>
    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Firwin_matches_scipy(string name)
    {
        var c = Fixture.Case(File, name);
        var numTaps = c.Int("numtaps");
        var cutoff = c.Doubles("cutoff");
        var band = Enum.Parse<FilterBand>(c.Text("band"));
        var fs = c.Number("fs");
        var scale = c.GetProperty("scale").GetBoolean();
        double[] h;
        if (c.GetProperty("width").ValueKind != JsonValueKind.Null)
        {
            h = FirDesign.FirwinKaiser(numTaps, cutoff, band, c.Number("width"), fs, scale);
        }
        else
        {
            var p = c.GetProperty("parameter");
            var parameter = p.ValueKind == JsonValueKind.Null ? double.NaN : p.GetDouble();
            h = FirDesign.Firwin(numTaps, cutoff, band, fs, Enum.Parse<WindowType>(c.Text("window")), parameter, scale);
        }

        // Same formula and accumulation order as scipy; the differences are (a) sin/cos rounding (numpy's SIMD sin
        // is within a few ulp, not always equal to libm's), amplified where the sinc terms of a narrow band cancel:
        // the fixture's "cond" is that amplification (1 for well-conditioned taps, ~1e5 for a 0.001-wide band at
        // Nyquist), and (b) the order of the scale sum s = Σ h·cos (numpy pairwise, we sequential), bounded by
        // numTaps·eps·Σ|h·cos| (Higham, "Accuracy and Stability", 4.2), which with s = 1 scales every tap by
        // ≲ numTaps·eps·Σ|h|. Tolerance, relative to max|h|: 1e-14 + 8·eps·cond + 1e-15·numTaps·Σ|h|.
        var expected = c.Doubles("h");
        var maxAbs = Assertions.MaxAbs(expected);
        var sumAbs = 0.0;
        foreach (var v in expected)
        {
            sumAbs += Math.Abs(v);
        }
        var atol = maxAbs * (1e-14 + (8 * 2.220446049250313e-16 * c.Number("cond")) +
                             (1e-15 * numTaps * sumAbs));
        Assertions.AllClose(expected, h, rtol: 0, atol: atol, what: name);
    }

    [Fact]
    public void Firwin_single_cutoff_overload_equals_span_overload()
    {
        Assert.Equal(FirDesign.Firwin(31, [0.3], FilterBand.HighPass), FirDesign.Firwin(31, 0.3, FilterBand.HighPass));
    }

    [Fact]
    public void Firwin_scaled_low_pass_has_unit_DC_gain()
    {
        // Independent of the fixture: scale=True normalises Σh to 1 for a passband starting at DC.
        var h = FirDesign.Firwin(64, 1000.0, FilterBand.LowPass, sampleRate: 48000.0, window: WindowType.Blackman);
        var sum = 0.0;
        foreach (var v in h)
        {
            sum += v;
        }
        Assert.Equal(1.0, sum, 1e-14);
    }

    [Fact]
    public void Kaiser_order_matches_scipy()
    {
        foreach (var k in Fixture.Load(File).GetProperty("kaiserord").EnumerateArray())
        {
            var (numTaps, beta) = FirDesign.KaiserOrder(k.Number("ripple"), k.Number("width"));
            Assert.Equal(k.Int("numtaps"), numTaps);
            // Same arithmetic as scipy except libm pow: 1e-14 relative.
            Assertions.AllClose([k.Number("beta")], [beta], 1e-14, 0, "kaiserord beta");
        }
    }

    [Fact]
    public void Kaiser_beta_and_attenuation_match_scipy()
    {
        foreach (var k in Fixture.Load(File).GetProperty("kaiser_beta").EnumerateArray())
        {
            // Closed-form; only pow's rounding can differ: 1e-14 relative.
            Assertions.AllClose([k.Number("beta")], [FirDesign.KaiserBeta(k.Number("a"))], 1e-14, 0, "kaiser_beta");
        }
        foreach (var k in Fixture.Load(File).GetProperty("kaiser_atten").EnumerateArray())
        {
            Assertions.AllClose([k.Number("a")], [FirDesign.KaiserAttenuation(k.Int("numtaps"), k.Number("width"))],
                1e-15, 0, "kaiser_atten");
        }
    }

    [Theory]
    [InlineData(FilterBand.HighPass, 32, new[] { 0.3 })]
    [InlineData(FilterBand.BandStop, 32, new[] { 0.3, 0.5 })]
    [InlineData(FilterBand.BandPass, 32, new[] { 0.1, 0.2, 0.5 })]
    public void Firwin_even_length_passing_Nyquist_throws(FilterBand band, int numTaps, double[] cutoff)
    {
        var ex = Assert.Throws<ArgumentException>(() => FirDesign.Firwin(numTaps, cutoff, band));
        Assert.Equal("numTaps", ex.ParamName);
    }

    [Theory]
    [InlineData(FilterBand.LowPass, new[] { 0.0 })]
    [InlineData(FilterBand.LowPass, new[] { 1.0 })]
    [InlineData(FilterBand.LowPass, new[] { -0.1 })]
    [InlineData(FilterBand.LowPass, new[] { double.NaN })]
    [InlineData(FilterBand.LowPass, new double[0])]
    [InlineData(FilterBand.LowPass, new[] { 0.2, 0.4 })]
    [InlineData(FilterBand.HighPass, new[] { 0.2, 0.4 })]
    [InlineData(FilterBand.BandPass, new[] { 0.2 })]
    [InlineData(FilterBand.BandStop, new[] { 0.4, 0.2 })]
    [InlineData(FilterBand.BandPass, new[] { 0.4, 0.4 })]
    public void Firwin_bad_cutoff_throws(FilterBand band, double[] cutoff)
    {
        var ex = Assert.Throws<ArgumentException>(() => FirDesign.Firwin(33, cutoff, band));
        Assert.Equal("cutoff", ex.ParamName);
    }

    [Fact]
    public void Firwin_cutoff_at_half_sample_rate_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => FirDesign.Firwin(33, 4000.0, FilterBand.LowPass, sampleRate: 8000.0));
        Assert.Equal("cutoff", ex.ParamName);
    }

    [Fact]
    public void Firwin_other_bad_arguments_throw()
    {
        Assert.Equal("numTaps", Assert.ThrowsAny<ArgumentException>(() => FirDesign.Firwin(0, 0.3, FilterBand.LowPass)).ParamName);
        Assert.Equal("sampleRate",
            Assert.ThrowsAny<ArgumentException>(() => FirDesign.Firwin(5, 0.3, FilterBand.LowPass, sampleRate: 0)).ParamName);
        Assert.Equal("parameter",
            Assert.ThrowsAny<ArgumentException>(() => FirDesign.Firwin(5, 0.3, FilterBand.LowPass, window: WindowType.Kaiser)).ParamName);
        Assert.Equal("band",
            Assert.ThrowsAny<ArgumentException>(() => FirDesign.Firwin(5, 0.3, (FilterBand)42)).ParamName);
        Assert.Equal("width",
            Assert.ThrowsAny<ArgumentException>(() => FirDesign.FirwinKaiser(5, [0.3], FilterBand.LowPass, 0.0)).ParamName);
    }

    [Fact]
    public void Kaiser_order_bad_arguments_throw()
    {
        Assert.Equal("rippleDb", Assert.ThrowsAny<ArgumentException>(() => FirDesign.KaiserOrder(7.9, 0.1)).ParamName);
        Assert.Equal("rippleDb", Assert.ThrowsAny<ArgumentException>(() => FirDesign.KaiserOrder(double.NaN, 0.1)).ParamName);
        Assert.Equal("width", Assert.ThrowsAny<ArgumentException>(() => FirDesign.KaiserOrder(60, 0.0)).ParamName);
        Assert.Equal("width", Assert.ThrowsAny<ArgumentException>(() => FirDesign.KaiserOrder(60, -0.1)).ParamName);
    }
}
