using RovDsp.Dsp.Analytic;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Analytic;

public class HilbertTransformTests
{
    private const string File = "spectral_analytic.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File, "hilbert");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_Hilbert(string name)
    {
        var c = Fixture.Case(File, name, "hilbert");
        var x = c.Floats("x");
        var n = c.Int("N");
        var h = new HilbertTransform(n);
        Assert.Equal(n, h.Length);
        var re = new float[n + 1];
        var im = new float[n + 1];
        var env = new float[n];
        h.AnalyticSignal(x, re, im);
        h.Envelope(x, env);
        // A float32 real FFT pair of length N: error per output ≈ eps·log2(N)·(signal scale); with the input rounded
        // to float32 (relative eps) on top, 4·eps·(log2 N + 2)·max|x| bounds it with margin (≤ 6e-6·max|x|).
        var scale = Assertions.MaxAbs(c.Doubles("x"));
        var atol = 4 * 1.19e-7 * (Math.Log2(n) + 2) * scale;
        Assertions.AllClose(c.Doubles("re"), re.AsSpan(0, n), 0, atol, name + " re");
        Assertions.AllClose(c.Doubles("im"), im.AsSpan(0, n), 0, atol, name + " im");
        Assertions.AllClose(c.Doubles("env"), env, 0, atol, name + " env");
    }

    [Fact]
    public void Envelope_of_a_tone_burst_is_its_amplitude()
    {
        // cos with a whole number of cycles: H{cos} = sin exactly, so the envelope is the constant amplitude 2.5.
        const int N = 512;
        var x = new float[N];
        for (var i = 0; i < N; i++)
        {
            x[i] = (float)(2.5 * Math.Cos(2 * Math.PI * 37 * i / N));
        }
        var env = new float[N];
        new HilbertTransform(N).Envelope(x, env);
        foreach (var e in env)
        {
            Assert.InRange(e, 2.5f - 1e-4f, 2.5f + 1e-4f);
        }
    }

    [Fact]
    public void In_place_use_is_allowed()
    {
        var rng = new Random(3);
        var x = new float[100];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.NextDouble();
        }
        var h = new HilbertTransform(100);
        var env = new float[100];
        h.Envelope(x, env);
        var copy = (float[])x.Clone();
        h.Envelope(copy, copy);
        Assert.Equal(env, copy);
    }

    [Fact]
    public void Transforms_allocate_nothing_after_warm_up()
    {
        var h = new HilbertTransform(1000);
        var x = new float[1000];
        var re = new float[1000];
        var im = new float[1000];
        h.AnalyticSignal(x, re, im);
        h.Envelope(x, re);
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            h.AnalyticSignal(x, re, im);
            h.Envelope(x, re);
        });
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        var h = new HilbertTransform(16);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => new HilbertTransform(0)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => h.Envelope(ReadOnlySpan<float>.Empty, new float[16])).ParamName);
        Assert.Equal("envelope", Assert.Throws<ArgumentException>(() => h.Envelope(new float[16], new float[15])).ParamName);
        Assert.Equal("re", Assert.Throws<ArgumentException>(() => h.AnalyticSignal(new float[16], new float[15], new float[16])).ParamName);
        Assert.Equal("im", Assert.Throws<ArgumentException>(() => h.AnalyticSignal(new float[16], new float[16], new float[15])).ParamName);
    }
}
