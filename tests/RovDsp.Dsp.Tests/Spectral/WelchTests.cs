using RovDsp.Dsp.Spectral;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Spectral;

public class WelchTests
{
    public static IEnumerable<object[]> Cases => Fixture.CaseNames(SpectralFixtures.File, "welch");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_Welch(string name)
    {
        var c = Fixture.Case(SpectralFixtures.File, name, "welch");
        var isComplex = SpectralFixtures.IsComplex(c);
        var average = c.Text("average") == "mean" ? WelchAverage.Mean : WelchAverage.Median;
        var xRe = c.Floats("x_re");
        var xIm = c.Floats("x_im");
        // Plan for longer inputs than this one: the median scratch stride must not matter.
        var welch = new Welch(xRe.Length + 777, SpectralFixtures.Window(c), c.Int("noverlap"), c.Int("nfft"), c.Number("fs"),
            SpectralFixtures.Detrend(c), SpectralFixtures.Scaling(c), average, SpectralFixtures.Onesided(c));
        var expected = c.Doubles("p");
        Assert.Equal(expected.Length, welch.FrequencyCount(isComplex));
        Assertions.AllClose(c.Doubles("f"), welch.Frequencies(isComplex), 1e-12, 1e-12, name + " f");
        var psd = new float[expected.Length];
        if (isComplex)
        {
            welch.Execute(xRe, xIm, psd);
        }
        else
        {
            welch.Execute(xRe, psd);
        }
        // As the spectrogram (power: 8·eps·(log2 nfft + 2) of the peak); averaging does not add error.
        var atol = 8 * 1.19e-7 * (Math.Log2(welch.Nfft) + 2) * Assertions.MaxAbs(expected);
        Assertions.AllClose(expected, psd, 0, atol, name);
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 1.0)]
    [InlineData(3, 1 + 1 / 3.0 - 1 / 2.0)]
    [InlineData(6, 1 + 1 / 3.0 - 1 / 2.0 + 1 / 5.0 - 1 / 4.0)]
    public void Median_bias_is_scipys(int segments, double expected) =>
        Assert.Equal(expected, Welch.MedianBias(segments), 15);

    [Fact]
    public void Defaults_are_scipys()
    {
        var c = Fixture.Case(SpectralFixtures.File, "default_mean", "welch");
        var x = c.Floats("x_re");
        var welch = new Welch(x.Length);
        Assert.Equal(256, welch.Nperseg);
        Assert.Equal(128, welch.Noverlap);
        Assert.Equal(SpectralScaling.Density, welch.Scaling);
        Assert.Equal(WelchAverage.Mean, welch.Average);
        var expected = c.Doubles("p");
        var psd = new float[expected.Length];
        welch.Execute(x, psd);
        Assertions.AllClose(expected, psd, 0, 8 * 1.19e-7 * 10 * Assertions.MaxAbs(expected), "default");
    }

    [Fact]
    public void Parseval_holds_for_white_noise()
    {
        // Density PSD integrates to the variance: Σ P·fs/nfft ≈ var(x) (Hann window, mean of many segments).
        var rng = new Random(11);
        var x = new float[65536];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)(rng.NextDouble() - 0.5); // variance 1/12
        }
        var welch = new Welch(x.Length, 128, sampleRate: 1000);
        var psd = new float[welch.FrequencyCount()];
        welch.Execute(x, psd);
        var power = 0.0;
        foreach (var p in psd)
        {
            power += p * 1000.0 / 128;
        }
        // About 1000 segments: the estimate's relative standard deviation is ~1/sqrt(1000·64) ≈ 0.4 %; 3 % is safe.
        Assert.InRange(power, (1 / 12.0) * 0.97, (1 / 12.0) * 1.03);
    }

    [Fact]
    public void Execute_allocates_nothing_after_warm_up()
    {
        var mean = new Welch(5000, 256);
        var median = new Welch(5000, 256, average: WelchAverage.Median);
        var x = new float[5000];
        var rng = new Random(2);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.NextDouble();
        }
        var psd = new float[256];
        mean.Execute(x, psd);
        median.Execute(x, psd);
        median.Execute(x, x, psd);
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            mean.Execute(x, psd);
            median.Execute(x, psd);
            median.Execute(x, x, psd);
        });
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        Assert.Equal("maxInputLength", Assert.Throws<ArgumentOutOfRangeException>(() => new Welch(100, 256)).ParamName);
        Assert.Equal("average", Assert.Throws<ArgumentOutOfRangeException>(
            () => new Welch(1000, 256, average: (WelchAverage)5)).ParamName);
        Assert.Equal("detrend", Assert.Throws<ArgumentOutOfRangeException>(
            () => new Welch(1000, 256, detrend: (DetrendType)5)).ParamName);
        Assert.Equal("segments", Assert.Throws<ArgumentOutOfRangeException>(() => Welch.MedianBias(0)).ParamName);
        var welch = new Welch(1000, 256);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => welch.Execute(new float[1001], new float[129])).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => welch.Execute(new float[255], new float[129])).ParamName);
        Assert.Equal("psd", Assert.Throws<ArgumentException>(() => welch.Execute(new float[300], new float[128])).ParamName);
        Assert.Equal("inputIm", Assert.Throws<ArgumentException>(() => welch.Execute(new float[300], new float[299], new float[256])).ParamName);
    }
}
