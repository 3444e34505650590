using RovDsp.Dsp.Filters;
using RovDsp.Dsp.Tests.Support;
using static RovDsp.Dsp.Tests.Filters.FilterTestSupport;

namespace RovDsp.Dsp.Tests.Filters;

public class FiltFiltTests
{
    private const string File = "filters_filtfilt.json";

    public static IEnumerable<object[]> BaCases => Fixture.CaseNames(File, "ba");

    public static IEnumerable<object[]> SosCases => Fixture.CaseNames(File, "sos");

    [Theory]
    [MemberData(nameof(BaCases))]
    public void Matches_scipy_filtfilt(string name)
    {
        var c = Fixture.Case(File, name, "ba");
        var b = c.Doubles("b");
        var a = c.Doubles("a");
        var x = c.Doubles("x");
        var expected = c.Doubles("y");
        var ff = FiltFilt.FromBa(b, a, 1000);
        Assert.Equal(3 * Math.Max(a.Length, b.Length), ff.PadLength);
        var y = new double[x.Length];
        ff.Apply(x, y);
        // Double throughout as scipy; the closed-form lfilter_zi and the order of additions differ from scipy's
        // solve/C loop only by round-off (~1e-15 relative, amplified by the IIR poles): 1e-10 of the scale.
        var scale = Assertions.MaxAbs(expected);
        Assertions.AllClose(expected, y, 1e-10, 1e-10 * scale, name);

        // float32 in/out: one rounding of input (exact here) and output, so eps32-level relative error.
        var yf = new float[x.Length];
        ff.Apply(c.Floats("x"), yf);
        Assertions.AllClose(expected, yf, 1e-6, 1e-6 * scale, name + " float");
    }

    [Theory]
    [MemberData(nameof(SosCases))]
    public void Matches_scipy_sosfiltfilt(string name)
    {
        var c = Fixture.Case(File, name, "sos");
        var x = c.Doubles("x");
        var expected = c.Doubles("y");
        var ff = FiltFilt.FromSos(c.Doubles("sos"), 1000);
        var y = new double[x.Length];
        ff.Apply(x, y);
        // Same reasoning as for b/a: double round-off only.
        var scale = Assertions.MaxAbs(expected);
        Assertions.AllClose(expected, y, 1e-10, 1e-10 * scale, name);
        var yf = new float[x.Length];
        ff.Apply(c.Floats("x"), yf);
        Assertions.AllClose(expected, yf, 1e-6, 1e-6 * scale, name + " float");
    }

    [Fact]
    public void SOS_pad_length_follows_scipy()
    {
        // Two sections, one of them first order (b2 = a2 = 0): ntaps = 2*2 + 1 - 1 = 4, padlen 12.
        var sos = new double[] { 0.5, 0.5, 0, 1, -0.2, 0, 1, 0.3, 0.2, 1, -0.5, 0.25 };
        Assert.Equal(12, FiltFilt.FromSos(sos, 100).PadLength);
    }

    [Fact]
    public void Is_reusable_in_place_and_does_not_allocate()
    {
        var c = Fixture.Case(File, "butter_o4", "sos");
        var ff = FiltFilt.FromSos(c.Doubles("sos"), 1000);
        var x = c.Floats("x");
        var first = new float[x.Length];
        ff.Apply(x, first);
        ff.Apply(Noise(400, 9), new float[400]);
        var inPlace = (float[])x.Clone();
        ff.Apply(inPlace, inPlace);
        Assert.Equal(first, inPlace);
        var y = new float[x.Length];
        Assert.Equal(0, AllocatedBy(() => ff.Apply(x, y)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => FiltFilt.FromBa([], [1.0], 100)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => FiltFilt.FromBa([1.0], [0.0, 1.0], 100)).ParamName);
        // Integrator: pole at z = 1, scipy's lfilter_zi system is singular.
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => FiltFilt.FromBa([1.0], [1.0, -1.0], 100)).ParamName);
        Assert.Equal("maxLength",
            Assert.Throws<ArgumentOutOfRangeException>(() => FiltFilt.FromBa([1.0, 1.0], [1.0], 6)).ParamName);
        Assert.Equal("sos", Assert.Throws<ArgumentException>(() => FiltFilt.FromSos(new double[5], 100)).ParamName);
        var ff = FiltFilt.FromBa([0.5, 0.5], [1.0], 50);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => ff.Apply(new double[6], new double[6])).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => ff.Apply(new double[51], new double[51])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => ff.Apply(new float[10], new float[9])).ParamName);
    }
}
