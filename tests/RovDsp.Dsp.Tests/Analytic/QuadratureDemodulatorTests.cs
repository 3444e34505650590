using RovDsp.Dsp.Analytic;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Analytic;

public class QuadratureDemodulatorTests
{
    private const string File = "filters_demod.json";
    private const double Eps32 = 1.1920928955078125e-7;

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_mix_lowpass_decimate(string name)
    {
        var c = Fixture.Case(File, name);
        var taps = c.Doubles("taps");
        var x = c.Floats("x");
        var expectedRe = c.Doubles("re");
        var expectedIm = c.Doubles("im");
        var d = new QuadratureDemodulator(c.Number("fs"), c.Number("f0"), c.Int("m"), taps);
        Assert.Equal(c.Int("m"), d.Decimation);
        var re = new float[expectedRe.Length];
        var im = new float[expectedIm.Length];
        Assert.Equal(expectedRe.Length, d.Process(x, re, im));
        // The mixed samples are rounded to float32 (eps32/2 relative), then one float32 dot product of N terms:
        // Higham's bound (N + 3)·eps32·Σ|h|·max|x|; the oscillator phase error (~1e-16 cycles per frame, and
        // ~1e-16 relative from sin/cos) is far below it. A wrong sign or phase offset of 1e-3 rad would fail.
        var sum = 0.0;
        foreach (var t in taps)
        {
            sum += Math.Abs(t);
        }
        var maxX = 0.0;
        foreach (var v in x)
        {
            maxX = Math.Max(maxX, Math.Abs(v));
        }
        var atol = (taps.Length + 3) * Eps32 * sum * maxX;
        Assertions.AllClose(expectedRe, re, 0, atol, name + " re");
        Assertions.AllClose(expectedIm, im, 0, atol, name + " im");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Block_splitting_is_bit_identical_and_reset_restarts(string name)
    {
        var c = Fixture.Case(File, name);
        var x = c.Floats("x");
        var d = new QuadratureDemodulator(c.Number("fs"), c.Number("f0"), c.Int("m"), c.Doubles("taps"));
        var refRe = new float[x.Length];
        var refIm = new float[x.Length];
        var total = d.Process(x, refRe, refIm);
        for (var s = 0; s < 4; s++)
        {
            d.Reset();
            var re = new float[x.Length];
            var im = new float[x.Length];
            int offset = 0, written = 0;
            foreach (var n in BlockSplitting.RandomBlocks(x.Length, 40 + s))
            {
                var expectedCount = d.GetOutputCount(n);
                var w = d.Process(x.AsSpan(offset, n), re.AsSpan(written), im.AsSpan(written));
                Assert.Equal(expectedCount, w);
                written += w;
                offset += n;
            }
            Assert.Equal(total, written);
            Assert.Equal(refRe, re);
            Assert.Equal(refIm, im);
        }
    }

    [Fact]
    public void Designed_filter_and_no_allocation()
    {
        // A tone 1 kHz above the carrier comes out as a baseband tone of amplitude A/2 (no factor 2).
        const double fs = 48000, f0 = 10000;
        var x = new float[8192];
        for (var n = 0; n < x.Length; n++)
        {
            x[n] = (float)(0.8 * Math.Cos(2 * Math.PI * (f0 + 1000) * n / fs));
        }
        var d = new QuadratureDemodulator(fs, f0, 4, 3000, 101);
        var re = new float[x.Length];
        var im = new float[x.Length];
        var count = d.Process(x, re, im);
        for (var k = 100; k < count; k++)
        {
            // |h(1 kHz)| of the 101-tap Hamming low-pass at 3 kHz is 1 within 1e-3; the 2f0 image is below -50 dB.
            Assert.InRange(Math.Sqrt(re[k] * re[k] + im[k] * im[k]), 0.4 * (1 - 5e-3), 0.4 * (1 + 5e-3));
        }
        Assert.Equal(0L, Allocated(() => d.Process(x, re, im)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        double[] taps = [0.5, 0.5];
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => new QuadratureDemodulator(0, 1, 1, taps)).ParamName);
        Assert.Equal("centerFrequency", Assert.Throws<ArgumentOutOfRangeException>(() => new QuadratureDemodulator(1, double.NaN, 1, taps)).ParamName);
        Assert.Equal("decimation", Assert.Throws<ArgumentOutOfRangeException>(() => new QuadratureDemodulator(1, 0.1, 0, taps)).ParamName);
        Assert.Equal("taps", Assert.Throws<ArgumentException>(() => new QuadratureDemodulator(1, 0.1, 1, ReadOnlySpan<double>.Empty)).ParamName);
        Assert.Equal("cutoff", Assert.Throws<ArgumentException>(() => new QuadratureDemodulator(1, 0.1, 1, 0.7, 11)).ParamName);
        var d = new QuadratureDemodulator(1, 0.1, 2, taps);
        Assert.Equal("re", Assert.Throws<ArgumentException>(() => d.Process(new float[10], new float[4], new float[5])).ParamName);
        Assert.Equal("im", Assert.Throws<ArgumentException>(() => d.Process(new float[10], new float[5], new float[4])).ParamName);
    }

    private static long Allocated(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
