using RovDsp.Dsp.Spectral;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Spectral;

public class ShortTimeFourierTransformTests
{
    public static IEnumerable<object[]> Cases => Fixture.CaseNames(SpectralFixtures.File, "stft");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_STFT(string name)
    {
        var c = Fixture.Case(SpectralFixtures.File, name, "stft");
        var boundary = SpectralFixtures.Boundary(c);
        var isComplex = SpectralFixtures.IsComplex(c);
        var stft = new ShortTimeFourierTransform(SpectralFixtures.Window(c), c.Int("noverlap"), c.Int("nfft"), c.Number("fs"),
            SpectralFixtures.Detrend(c), boundary, c.GetProperty("padded").GetBoolean(), SpectralFixtures.Scaling(c),
            SpectralFixtures.Onesided(c));
        var xRe = c.Floats("x_re");
        var xIm = c.Floats("x_im");
        var expectedRe = SpectralFixtures.Flatten(c.Rows("z_re"));
        var expectedIm = SpectralFixtures.Flatten(c.Rows("z_im"));
        var segments = stft.SegmentCount(xRe.Length);
        var bins = stft.FrequencyCount(isComplex);
        Assert.Equal(expectedRe.Length, segments * bins);
        // Axes are float64 arithmetic like scipy's: agree to rounding.
        Assertions.AllClose(c.Doubles("f"), stft.Frequencies(isComplex), 1e-12, 1e-12, name + " f");
        Assertions.AllClose(c.Doubles("t"), stft.SegmentTimes(xRe.Length), 1e-12, 1e-12, name + " t");
        var re = new float[expectedRe.Length];
        var im = new float[expectedRe.Length];
        var written = isComplex ? stft.Execute(xRe, xIm, re, im) : stft.Execute(xRe, re, im);
        Assert.Equal(segments, written);
        // float32 input, window and FFT against float64 scipy: each bin is a windowed sum whose rounding error is
        // ~eps·log2(nfft) of the largest bin magnitude; 4·eps·(log2 nfft + 2)·max|Z| bounds it (≤ 5e-6·max|Z|).
        var atol = 4 * 1.19e-7 * (Math.Log2(stft.Nfft) + 2) * SpectralFixtures.MaxAbs(expectedRe, expectedIm);
        Assertions.AllClose(expectedRe, re, 0, atol, name + " re");
        Assertions.AllClose(expectedIm, im, 0, atol, name + " im");
    }

    [Fact]
    public void Defaults_are_scipys()
    {
        // scipy.signal.stft(x) defaults: hann, nperseg 256, noverlap 128, nfft 256, boundary zeros, padded, spectrum.
        var c = Fixture.Case(SpectralFixtures.File, "default", "stft");
        var stft = new ShortTimeFourierTransform();
        Assert.Equal(256, stft.Nperseg);
        Assert.Equal(128, stft.Noverlap);
        Assert.Equal(256, stft.Nfft);
        Assert.Equal(StftBoundary.Zeros, stft.Boundary);
        Assert.True(stft.Padded);
        Assert.Equal(SpectralScaling.Spectrum, stft.Scaling);
        var x = c.Floats("x_re");
        var expectedRe = SpectralFixtures.Flatten(c.Rows("z_re"));
        var re = new float[expectedRe.Length];
        var im = new float[expectedRe.Length];
        stft.Execute(x, re, im);
        var atol = 4 * 1.19e-7 * 10 * SpectralFixtures.MaxAbs(expectedRe); // as above with nfft = 256
        Assertions.AllClose(expectedRe, re, 0, atol, "default re");
    }

    [Theory]
    [InlineData(StftBoundary.Even)]
    [InlineData(StftBoundary.Odd)]
    [InlineData(StftBoundary.Constant)]
    public void Boundary_extensions_match_an_explicitly_extended_signal(StftBoundary boundary)
    {
        // An extended STFT equals the un-extended STFT of the signal extended by hand (scipy even/odd/const_ext).
        const int N = 50;
        const int Nperseg = 16;
        var x = new float[N];
        for (var i = 0; i < N; i++)
        {
            x[i] = (float)Math.Sin(0.3 * i) + 0.05f * i;
        }
        var ext = new float[N + Nperseg];
        for (var j = -Nperseg / 2; j < N + Nperseg / 2; j++)
        {
            float v;
            if (j >= 0 && j < N)
            {
                v = x[j];
            }
            else
            {
                var left = j < 0;
                var edge = left ? x[0] : x[N - 1];
                var mirror = left ? x[-j] : x[2 * (N - 1) - j];
                v = boundary switch
                {
                    StftBoundary.Even => mirror,
                    StftBoundary.Odd => 2 * edge - mirror,
                    _ => edge,
                };
            }
            ext[j + Nperseg / 2] = v;
        }
        var extended = new ShortTimeFourierTransform(Nperseg, boundary: boundary, padded: false);
        var plain = new ShortTimeFourierTransform(Nperseg, boundary: StftBoundary.None, padded: false);
        var segments = extended.SegmentCount(N);
        Assert.Equal(segments, plain.SegmentCount(ext.Length));
        var size = segments * extended.FrequencyCount();
        float[] aRe = new float[size], aIm = new float[size], bRe = new float[size], bIm = new float[size];
        extended.Execute(x, aRe, aIm);
        plain.Execute(ext, bRe, bIm);
        // Same float operations on the same samples: bit-identical.
        Assert.Equal(bRe, aRe);
        Assert.Equal(bIm, aIm);
    }

    [Fact]
    public void Execute_allocates_nothing_after_warm_up()
    {
        var stft = new ShortTimeFourierTransform(64, nfft: 100);
        var x = new float[1000];
        x[10] = 1;
        var size = stft.FrequencyCount(true) * stft.SegmentCount(x.Length);
        var re = new float[size];
        var im = new float[size];
        stft.Execute(x, re, im);
        stft.Execute(x, x, re, im);
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            stft.Execute(x, re, im);
            stft.Execute(x, x, re, im);
        });
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        Assert.Equal("nperseg", Assert.Throws<ArgumentOutOfRangeException>(() => new ShortTimeFourierTransform(0)).ParamName);
        Assert.Equal("noverlap", Assert.Throws<ArgumentOutOfRangeException>(() => new ShortTimeFourierTransform(16, 16)).ParamName);
        Assert.Equal("nfft", Assert.Throws<ArgumentOutOfRangeException>(() => new ShortTimeFourierTransform(16, nfft: 15)).ParamName);
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(
            () => new ShortTimeFourierTransform(16, sampleRate: 0)).ParamName);
        Assert.Equal("window", Assert.Throws<ArgumentException>(
            () => new ShortTimeFourierTransform(new double[4])).ParamName);
        var stft = new ShortTimeFourierTransform(16);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => stft.Execute(new float[15], new float[999], new float[999])).ParamName);
        Assert.Equal("re", Assert.Throws<ArgumentException>(() => stft.Execute(new float[32], new float[10], new float[999])).ParamName);
        Assert.Equal("im", Assert.Throws<ArgumentException>(() => stft.Execute(new float[32], new float[999], new float[10])).ParamName);
        Assert.Equal("inputIm", Assert.Throws<ArgumentException>(
            () => stft.Execute(new float[32], new float[31], new float[999], new float[999])).ParamName);
    }
}
