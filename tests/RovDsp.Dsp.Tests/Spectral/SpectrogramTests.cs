using RovDsp.Dsp.Spectral;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Spectral;

public class SpectrogramTests
{
    public static IEnumerable<object[]> Cases => Fixture.CaseNames(SpectralFixtures.File, "spectrogram");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_spectrogram(string name)
    {
        var c = Fixture.Case(SpectralFixtures.File, name, "spectrogram");
        var isComplex = SpectralFixtures.IsComplex(c);
        var mode = c.Text("mode") == "psd" ? SpectrogramMode.Psd : SpectrogramMode.Magnitude;
        var sg = new Spectrogram(SpectralFixtures.Window(c), c.Int("noverlap"), c.Int("nfft"), c.Number("fs"),
            SpectralFixtures.Detrend(c), SpectralFixtures.Scaling(c), mode);
        var xRe = c.Floats("x_re");
        var xIm = c.Floats("x_im");
        var expected = SpectralFixtures.Flatten(c.Rows("s"));
        Assert.Equal(expected.Length, sg.SegmentCount(xRe.Length) * sg.FrequencyCount(isComplex));
        Assertions.AllClose(c.Doubles("f"), sg.Frequencies(isComplex), 1e-12, 1e-12, name + " f");
        Assertions.AllClose(c.Doubles("t"), sg.SegmentTimes(xRe.Length), 1e-12, 1e-12, name + " t");
        var output = new float[expected.Length];
        Assert.Equal(sg.SegmentCount(xRe.Length), isComplex ? sg.Execute(xRe, xIm, output) : sg.Execute(xRe, output));
        // Power is |X|²: twice the amplitude's relative error, so 8·eps·(log2 nfft + 2) of the largest value.
        var atol = 8 * 1.19e-7 * (Math.Log2(sg.Nfft) + 2) * Assertions.MaxAbs(expected);
        Assertions.AllClose(expected, output, 0, atol, name);
    }

    [Fact]
    public void Defaults_are_scipys()
    {
        // scipy.signal.spectrogram(x) defaults: ('tukey', .25), nperseg 256, noverlap 32, constant detrend, density, psd.
        var c = Fixture.Case(SpectralFixtures.File, "default", "spectrogram");
        var sg = new Spectrogram();
        Assert.Equal(256, sg.Nperseg);
        Assert.Equal(32, sg.Noverlap);
        Assert.Equal(SpectralScaling.Density, sg.Scaling);
        Assert.Equal(SpectrogramMode.Psd, sg.Mode);
        var x = c.Floats("x_re");
        var expected = SpectralFixtures.Flatten(c.Rows("s"));
        var output = new float[expected.Length];
        sg.Execute(x, output);
        Assertions.AllClose(expected, output, 0, 8 * 1.19e-7 * 10 * Assertions.MaxAbs(expected), "default");
    }

    [Fact]
    public void Execute_allocates_nothing_after_warm_up()
    {
        var sg = new Spectrogram(64, mode: SpectrogramMode.Magnitude);
        var x = new float[1000];
        x[100] = 1;
        var output = new float[sg.FrequencyCount(true) * sg.SegmentCount(x.Length)];
        sg.Execute(x, output);
        sg.Execute(x, x, output);
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            sg.Execute(x, output);
            sg.Execute(x, x, output);
        });
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        Assert.Equal("mode", Assert.Throws<ArgumentOutOfRangeException>(
            () => new Spectrogram(32, mode: (SpectrogramMode)9)).ParamName);
        Assert.Equal("noverlap", Assert.Throws<ArgumentOutOfRangeException>(() => new Spectrogram(32, -1)).ParamName);
        var sg = new Spectrogram(32);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => sg.Execute(new float[31], new float[999])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => sg.Execute(new float[64], new float[16])).ParamName);
        Assert.Equal("inputIm", Assert.Throws<ArgumentException>(() => sg.Execute(new float[64], new float[63], new float[999])).ParamName);
    }
}
