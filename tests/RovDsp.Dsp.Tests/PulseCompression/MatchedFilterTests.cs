using RovDsp.Dsp.PulseCompression;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.PulseCompression;

public class MatchedFilterTests
{
    private const string File = "spectral_pulse.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File, "matched");

    private static int ArgMax(ReadOnlySpan<float> re, ReadOnlySpan<float> im)
    {
        var best = 0;
        var bestValue = -1.0;
        for (var i = 0; i < re.Length; i++)
        {
            var m = (double)re[i] * re[i] + (double)im[i] * im[i];
            if (m > bestValue)
            {
                bestValue = m;
                best = i;
            }
        }
        return best;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_correlate_of_ping_and_replica(string name)
    {
        var c = Fixture.Case(File, name, "matched");
        var mode = CorrelatorTests.Mode(c.Text("mode"));
        var repRe = c.Floats("replica_re");
        var repIm = c.Floats("replica_im");
        var pingRe = c.Floats("ping_re");
        var pingIm = c.Floats("ping_im");
        var zRe = c.Doubles("z_re");
        var zIm = c.Doubles("z_im");
        // Same error model as CorrelatorTests: 2e-6·‖ping‖·‖replica‖; L reaches 16384 here, where log2 L·eps ≈ 1.7e-6.
        var tol = 2 * CorrelatorTests.Tolerance(c.Doubles("ping_re"), c.Doubles("ping_im"), c.Doubles("replica_re"), c.Doubles("replica_im"));
        var isComplex = c.GetProperty("complex").GetBoolean();
        var mf = isComplex ? new MatchedFilter(repRe, repIm, pingRe.Length) : new MatchedFilter(repRe, pingRe.Length);
        Assert.Equal(zRe.Length, mf.OutputLength(pingRe.Length, mode));
        var oRe = new float[zRe.Length];
        var oIm = new float[zRe.Length];
        if (!isComplex)
        {
            Assert.Equal(zRe.Length, mf.Process(pingRe, oRe, mode));
            Assertions.AllClose(zRe, oRe, 0, tol, name);
            Assert.Equal(c.Int("peak"), ArgMax(oRe, new float[oRe.Length]));
            // A real replica also compresses complex pings: here the imaginary part is zero.
            Array.Clear(oRe);
        }
        Assert.Equal(zRe.Length, mf.Process(pingRe, pingIm, oRe, oIm, mode));
        Assertions.AllClose(zRe, oRe, 0, tol, name + " re");
        Assertions.AllClose(zIm, oIm, 0, tol, name + " im");
        Assert.Equal(c.Int("peak"), ArgMax(oRe, oIm));
    }

    [Fact]
    public void Shorter_pings_use_the_same_plan()
    {
        // Plan for 1000-sample pings; a 300-sample ping must give the direct correlation of those 300 samples.
        var rng = new Random(5);
        var rep = new float[40];
        var ping = new float[300];
        for (var i = 0; i < rep.Length; i++)
        {
            rep[i] = (float)(rng.NextDouble() - 0.5);
        }
        for (var i = 0; i < ping.Length; i++)
        {
            ping[i] = (float)(rng.NextDouble() - 0.5);
        }
        var mf = new MatchedFilter(rep, 1000);
        var output = new float[339];
        Assert.Equal(339, mf.Process(ping, output));
        for (var k = 0; k < output.Length; k++)
        {
            var sum = 0.0;
            for (var l = 0; l < ping.Length; l++)
            {
                var j = l - k + rep.Length - 1;
                if (j >= 0 && j < rep.Length)
                {
                    sum += (double)ping[l] * rep[j];
                }
            }
            // Inputs in [-0.5, 0.5): |sum| ≤ ~3, float32 FFT error over L = 2048 stays below 1e-5.
            Assert.True(Math.Abs(sum - output[k]) < 1e-5, $"lag {k}: {output[k]} vs {sum}");
        }
    }

    [Fact]
    public void Process_allocates_nothing_after_warm_up()
    {
        var rep = new float[64];
        rep[3] = 1;
        var real = new MatchedFilter(rep, 8192);
        var cplx = new MatchedFilter(rep, rep, 8192);
        var ping = new float[8192];
        var oRe = new float[8192 + 63];
        var oIm = new float[8192 + 63];
        real.Process(ping, oRe);
        real.Process(ping, ping, oRe, oIm);
        cplx.Process(ping, ping, oRe, oIm);
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            real.Process(ping, oRe);
            real.Process(ping, ping, oRe, oIm, CorrelationMode.Same);
            cplx.Process(ping, ping, oRe, oIm, CorrelationMode.Valid);
        });
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        var rep = new float[8];
        var mf = new MatchedFilter(rep, 100);
        var o = new float[200];
        Assert.Equal("replica", Assert.Throws<ArgumentException>(() => new MatchedFilter(ReadOnlySpan<float>.Empty, 10)).ParamName);
        Assert.Equal("replicaIm", Assert.Throws<ArgumentException>(() => new MatchedFilter(rep, new float[7], 10)).ParamName);
        Assert.Equal("maxPingLength", Assert.Throws<ArgumentOutOfRangeException>(() => new MatchedFilter(rep, 0)).ParamName);
        Assert.Equal("ping", Assert.Throws<ArgumentException>(() => mf.Process(new float[101], o)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => mf.Process(new float[100], new float[106])).ParamName);
        Assert.Equal("pingIm", Assert.Throws<ArgumentException>(() => mf.Process(new float[10], new float[9], o, o)).ParamName);
        var cplx = new MatchedFilter(rep, rep, 100);
        Assert.Throws<InvalidOperationException>(() => cplx.Process(new float[10], o));
    }
}
