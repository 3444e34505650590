using RovDsp.Dsp.PulseCompression;
using RovDsp.Dsp.Tests.Spectral;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.PulseCompression;

public class ChirpTests
{
    private const string File = "spectral_pulse.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File, "chirps");

    private static ChirpMethod Method(string name) => name switch
    {
        "linear" => ChirpMethod.Linear,
        "quadratic" => ChirpMethod.Quadratic,
        "logarithmic" => ChirpMethod.Logarithmic,
        "hyperbolic" => ChirpMethod.Hyperbolic,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown method"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_chirp(string name)
    {
        var c = Fixture.Case(File, name, "chirps");
        var t = Chirp.SampleTimes(c.Int("n"), c.Number("fs"));
        var method = Method(c.Text("method"));
        var vz = c.GetProperty("vertex_zero").GetBoolean();
        var y = Chirp.Generate(t, c.Number("f0"), c.Number("t1"), c.Number("f1"), method, c.Number("phi"), vz);
        var (re, im) = Chirp.GenerateComplex(t, c.Number("f0"), c.Number("t1"), c.Number("f1"), method, c.Number("phi"), vz);
        if (c.Text("taper") != "none")
        {
            var (type, p) = ScipyWindows.Parse(c.Text("taper"), c.Number("taper_param"));
            Chirp.ApplyTaper(y, type, p);
            Chirp.ApplyTaper(re, type, p);
            Chirp.ApplyTaper(im, type, p);
        }
        // Same float64 formulas as scipy; phases reach ~2π·f·t ≈ 1e3 rad, whose cos loses ~1e3·eps ≈ 2e-13.
        Assertions.AllClose(c.Doubles("y"), y, 0, 1e-11, name + " y");
        Assertions.AllClose(c.Doubles("c_re"), re, 0, 1e-11, name + " re");
        Assertions.AllClose(c.Doubles("c_im"), im, 0, 1e-11, name + " im");
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        var t = Chirp.SampleTimes(8, 1000);
        Assert.Equal("t1", Assert.Throws<ArgumentOutOfRangeException>(() => Chirp.Generate(t, 1, 0, 2)).ParamName);
        Assert.Equal("f0", Assert.Throws<ArgumentOutOfRangeException>(
            () => Chirp.Generate(t, -1, 1, 2, ChirpMethod.Logarithmic)).ParamName);
        Assert.Equal("f0", Assert.Throws<ArgumentOutOfRangeException>(
            () => Chirp.Generate(t, 0, 1, 2, ChirpMethod.Hyperbolic)).ParamName);
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => Chirp.SampleTimes(4, 0)).ParamName);
        Assert.Equal("taper", Assert.Throws<ArgumentException>(() => Chirp.ApplyTaper(new double[3], new double[4])).ParamName);
    }
}
