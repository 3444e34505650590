using RovDsp.Dsp.Design;

namespace RovDsp.Dsp.Tests.Design;

/// <summary>Argument validation and scipy-independent properties of <see cref="IirDesign"/>.</summary>
public class IirDesignArgumentTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(IirDesign.MaxOrder + 1)]
    public void Bad_order_throws(int order)
    {
        Assert.Equal("order", Assert.ThrowsAny<ArgumentException>(() => IirDesign.Butter(order, 0.3, FilterBand.LowPass)).ParamName);
        Assert.Equal("order", Assert.ThrowsAny<ArgumentException>(() => IirDesign.Cheby1(order, 1.0, 0.3, FilterBand.LowPass)).ParamName);
    }

    [Theory]
    [InlineData(FilterBand.LowPass, new[] { 0.0 })]
    [InlineData(FilterBand.LowPass, new[] { 1.0 })]
    [InlineData(FilterBand.HighPass, new[] { -0.2 })]
    [InlineData(FilterBand.HighPass, new[] { double.NaN })]
    [InlineData(FilterBand.LowPass, new[] { 0.2, 0.4 })]
    [InlineData(FilterBand.LowPass, new double[0])]
    [InlineData(FilterBand.BandPass, new[] { 0.2 })]
    [InlineData(FilterBand.BandStop, new[] { 0.2, 0.4, 0.6 })]
    [InlineData(FilterBand.BandPass, new[] { 0.4, 0.2 })]
    [InlineData(FilterBand.BandStop, new[] { 0.4, 0.4 })]
    [InlineData(FilterBand.BandPass, new[] { 0.4, 1.0 })]
    public void Bad_cutoff_throws(FilterBand band, double[] cutoff)
    {
        Assert.Equal("cutoff", Assert.Throws<ArgumentException>(() => IirDesign.Butter(4, cutoff, band)).ParamName);
        Assert.Equal("cutoff", Assert.Throws<ArgumentException>(() => IirDesign.Cheby1(4, 1.0, cutoff, band)).ParamName);
    }

    [Fact]
    public void Cutoff_at_half_sample_rate_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => IirDesign.Butter(2, 500.0, FilterBand.LowPass, sampleRate: 1000.0));
        Assert.Equal("cutoff", ex.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_ripple_throws(double ripple)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => IirDesign.Cheby1(4, ripple, 0.3, FilterBand.LowPass));
        Assert.Equal("rippleDb", ex.ParamName);
    }

    [Fact]
    public void Bad_sample_rate_or_band_throws()
    {
        Assert.Equal("sampleRate", Assert.ThrowsAny<ArgumentException>(() => IirDesign.Butter(2, 0.3, FilterBand.LowPass, 0.0)).ParamName);
        Assert.Equal("sampleRate", Assert.ThrowsAny<ArgumentException>(() => IirDesign.Butter(2, 0.3, FilterBand.LowPass, double.NaN)).ParamName);
        Assert.Equal("band", Assert.ThrowsAny<ArgumentException>(() => IirDesign.Butter(2, 0.3, (FilterBand)7)).ParamName);
    }

    [Fact]
    public void Single_cutoff_overloads_equal_span_overloads()
    {
        Assert.Equal(IirDesign.Butter(5, [0.3], FilterBand.HighPass), IirDesign.Butter(5, 0.3, FilterBand.HighPass));
        Assert.Equal(IirDesign.Cheby1(5, 0.5, [0.3], FilterBand.LowPass), IirDesign.Cheby1(5, 0.5, 0.3, FilterBand.LowPass));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void Butter_low_pass_has_unit_DC_gain_and_half_power_at_cutoff(int order)
    {
        // Defining properties, independent of scipy: |H(0)| = 1 and |H(fc)|² = 1/2 (the bilinear pre-warping puts the
        // analog −3 dB point exactly at the digital cutoff). Tolerance 1e-12: a handful of sections in double.
        var sos = IirDesign.Butter(order, 1000.0, FilterBand.LowPass, sampleRate: 8000.0);
        Assert.Equal(1.0, IirDesignTests.Response(sos, 0.0).Magnitude, 1e-12);
        var atCutoff = IirDesignTests.Response(sos, 2 * Math.PI * 1000.0 / 8000.0).Magnitude;
        Assert.Equal(0.5, atCutoff * atCutoff, 1e-12);
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(6, 0.5)]
    public void Cheby1_even_order_DC_gain_is_minus_ripple(int order, double rippleDb)
    {
        // cheb1ap scales even orders so the DC gain sits at the bottom of the ripple, −rp dB; 1e-12 relative.
        var sos = IirDesign.Cheby1(order, rippleDb, 0.2, FilterBand.LowPass);
        Assert.Equal(Math.Pow(10, -rippleDb / 20), IirDesignTests.Response(sos, 0.0).Magnitude, 1e-12);
    }

    [Fact]
    public void Section_count_matches_output()
    {
        Assert.Equal(6 * IirDesign.SectionCount(5, FilterBand.LowPass), IirDesign.Butter(5, 0.3, FilterBand.LowPass).Length);
        Assert.Equal(6 * IirDesign.SectionCount(5, FilterBand.BandStop), IirDesign.Butter(5, [0.3, 0.5], FilterBand.BandStop).Length);
        Assert.Equal(3, IirDesign.SectionCount(5, FilterBand.HighPass));
        Assert.Equal(5, IirDesign.SectionCount(5, FilterBand.BandPass));
    }
}
