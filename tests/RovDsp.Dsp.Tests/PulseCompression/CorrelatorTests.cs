using RovDsp.Dsp.PulseCompression;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.PulseCompression;

public class CorrelatorTests
{
    private const string File = "spectral_pulse.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File, "correlate");

    internal static CorrelationMode Mode(string name) => name switch
    {
        "full" => CorrelationMode.Full,
        "same" => CorrelationMode.Same,
        "valid" => CorrelationMode.Valid,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown mode"),
    };

    /// <summary>
    /// Float32 FFT correlation against scipy's float64 direct sum: each output carries ~log2(L)·eps relative error
    /// of the spectral energy, i.e. of ‖a‖·‖b‖, so the absolute tolerance scales with that norm product
    /// (2e-6·‖a‖‖b‖ ≈ 17·eps·‖a‖‖b‖ leaves room for L up to 256).
    /// </summary>
    internal static double Tolerance(double[] aRe, double[] aIm, double[] bRe, double[] bIm)
    {
        double ea = 0, eb = 0;
        for (var i = 0; i < aRe.Length; i++)
        {
            ea += aRe[i] * aRe[i] + aIm[i] * aIm[i];
        }
        for (var i = 0; i < bRe.Length; i++)
        {
            eb += bRe[i] * bRe[i] + bIm[i] * bIm[i];
        }
        return 2e-6 * Math.Sqrt(ea * eb);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_correlate(string name)
    {
        var c = Fixture.Case(File, name, "correlate");
        var mode = Mode(c.Text("mode"));
        var aRe = c.Floats("a_re");
        var aIm = c.Floats("a_im");
        var bRe = c.Floats("b_re");
        var bIm = c.Floats("b_im");
        var zRe = c.Doubles("z_re");
        var zIm = c.Doubles("z_im");
        var tol = Tolerance(c.Doubles("a_re"), c.Doubles("a_im"), c.Doubles("b_re"), c.Doubles("b_im"));
        // Plan built larger than needed: the zero padding must not change the result.
        var corr = new Correlator(aRe.Length + 3, bRe.Length + 5);
        Assert.Equal(zRe.Length, Correlator.OutputLength(aRe.Length, bRe.Length, mode));
        if (!c.GetProperty("complex").GetBoolean())
        {
            var output = new float[zRe.Length + 2];
            Assert.Equal(zRe.Length, corr.Correlate(aRe, bRe, output, mode));
            Assertions.AllClose(zRe, output.AsSpan(0, zRe.Length), 0, tol, name);
        }
        var oRe = new float[zRe.Length];
        var oIm = new float[zRe.Length];
        Assert.Equal(zRe.Length, corr.Correlate(aRe, aIm, bRe, bIm, oRe, oIm, mode));
        Assertions.AllClose(zRe, oRe, 0, tol, name + " re");
        Assertions.AllClose(zIm, oIm, 0, tol, name + " im");
    }

    [Fact]
    public void Correlate_allocates_nothing_after_warm_up()
    {
        var corr = new Correlator(300, 50);
        var a = new float[300];
        var b = new float[50];
        a[7] = 1;
        b[0] = 1;
        var o = new float[349];
        var oi = new float[349];
        corr.Correlate(a, b, o);
        corr.Correlate(a, a.AsSpan(0, 300), b, b, o, oi);
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            corr.Correlate(a, b, o, CorrelationMode.Same);
            corr.Correlate(a, a, b, b, o, oi, CorrelationMode.Valid);
        });
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        var corr = new Correlator(10, 4);
        var o = new float[20];
        Assert.Equal("maxLength1", Assert.Throws<ArgumentOutOfRangeException>(() => new Correlator(0, 4)).ParamName);
        Assert.Equal("maxLength2", Assert.Throws<ArgumentOutOfRangeException>(() => new Correlator(4, 0)).ParamName);
        Assert.Equal("in1", Assert.Throws<ArgumentException>(() => corr.Correlate(new float[11], new float[4], o)).ParamName);
        Assert.Equal("in1", Assert.Throws<ArgumentException>(() => corr.Correlate(new float[0], new float[4], o)).ParamName);
        Assert.Equal("in2", Assert.Throws<ArgumentException>(() => corr.Correlate(new float[10], new float[5], o)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => corr.Correlate(new float[10], new float[4], new float[12])).ParamName);
        Assert.Equal("in1Im", Assert.Throws<ArgumentException>(
            () => corr.Correlate(new float[10], new float[9], new float[4], new float[4], o, o)).ParamName);
        Assert.Equal("mode", Assert.Throws<ArgumentOutOfRangeException>(
            () => Correlator.OutputLength(3, 3, (CorrelationMode)7)).ParamName);
    }
}
