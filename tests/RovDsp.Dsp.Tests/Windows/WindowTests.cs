using System.Text.Json;
using RovDsp.Dsp.Tests.Support;
using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.Tests.Windows;

/// <summary>Windows against <c>scipy.signal.get_window</c> (fixture windows.json from tests/fixtures/gen_design.py).</summary>
public class WindowTests
{
    private const string File = "windows.json";

    /// <summary>Every fixture case name.</summary>
    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Create_matches_scipy_get_window(string name)
    {
        var c = Fixture.Case(File, name);
        var type = Enum.Parse<WindowType>(c.Text("type"));
        var p = c.GetProperty("parameter");
        var parameter = p.ValueKind == JsonValueKind.Null ? double.NaN : p.GetDouble();
        var w = Window.Create(type, c.Int("length"), c.GetProperty("periodic").GetBoolean(), parameter);

        // Window values are in [0, 1] (flat-top dips to about -4e-4). The cosine-sum windows follow scipy's order
        // of operations, so they differ from it only by libm cos rounding (a few ulp of 1); Kaiser adds our I0's
        // error (about 1e-15 relative, two I0 values per sample). 1e-14 absolute is about 45 ulp of 1.
        Assertions.AllClose(c.Doubles("w"), w, rtol: 0, atol: 1e-14, what: name);

        var filled = new double[w.Length];
        Window.Fill(type, filled, c.GetProperty("periodic").GetBoolean(), parameter);
        Assert.Equal(w, filled);
    }

    [Fact]
    public void I0_matches_scipy_special_I0()
    {
        var e = Fixture.Load(File).GetProperty("i0");
        var x = e.Doubles("x");
        var expected = e.Doubles("y");
        var actual = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            actual[i] = Bessel.I0(x[i]);
        }
        // Relative: I0 spans 1 .. 1e306 here. The positive-term series loses about one rounding per term (≈ x/2
        // terms dominate, so ≤ 10·2.2e-16 up to x = 20) and the asymptotic branch a few roundings plus exp's;
        // cephes (scipy) has its own few-ulp error. 2e-14 leaves margin for both without hiding a wrong formula.
        Assertions.AllClose(expected, actual, rtol: 2e-14, atol: 0, what: "i0");
    }

    [Fact]
    public void I0_special_values()
    {
        Assert.True(double.IsNaN(Bessel.I0(double.NaN)));
        Assert.Equal(double.PositiveInfinity, Bessel.I0(double.PositiveInfinity));
        Assert.Equal(double.PositiveInfinity, Bessel.I0(double.NegativeInfinity));
        Assert.Equal(1.0, Bessel.I0(0.0));
        // Beyond where e^x overflows (709.78) I0 is still finite (I0(712) ≈ 1.1e307, by A&S 9.7.1's leading term).
        var i0 = Bessel.I0(712.0);
        Assert.True(double.IsFinite(i0));
        var leading = Math.Exp(356.0) * (Math.Exp(356.0) / Math.Sqrt(2 * Math.PI * 712.0));
        Assert.InRange(i0 / leading, 1.0, 1.001);
    }

    [Fact]
    public void Kaiser_without_beta_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Window.Create(WindowType.Kaiser, 16));
        Assert.Equal("parameter", ex.ParamName);
        Assert.Throws<ArgumentException>(() => Window.Create(WindowType.Kaiser, 16, parameter: double.PositiveInfinity));
    }

    [Fact]
    public void Parameter_for_parameterless_window_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Window.Create(WindowType.Hann, 16, parameter: 0.3));
        Assert.Equal("parameter", ex.ParamName);
    }

    [Fact]
    public void Negative_length_throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Window.Create(WindowType.Hann, -1));
        Assert.Equal("length", ex.ParamName);
    }

    [Fact]
    public void Unknown_type_throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Window.Create((WindowType)99, 8));
        Assert.Equal("type", ex.ParamName);
    }

    [Theory]
    [InlineData(WindowType.Hann, double.NaN)]
    [InlineData(WindowType.Kaiser, 8.6)]
    [InlineData(WindowType.Tukey, 0.3)]
    public void Fill_allocates_nothing(WindowType type, double parameter)
    {
        var buffer = new double[1024];
        Window.Fill(type, buffer, periodic: true, parameter);
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            Window.Fill(type, buffer, periodic: true, parameter);
        });
    }

    [Fact]
    public void Fill_matches_create_for_prefix_of_periodic()
    {
        // Fill with a short span must not read the length from anywhere else.
        var w = new double[9];
        Window.Fill(WindowType.FlatTop, w.AsSpan(0, 8), periodic: true);
        Assert.Equal(Window.Create(WindowType.FlatTop, 8, periodic: true), w.AsSpan(0, 8).ToArray());
        Assert.Equal(0.0, w[8]);
    }

    [Fact]
    public void Periodic_is_symmetric_of_length_plus_one_truncated()
    {
        // The defining identity of scipy's fftbins=True, independent of the fixture.
        var periodic = Window.Create(WindowType.Blackman, 50, periodic: true);
        var symmetric = Window.Create(WindowType.Blackman, 51);
        Assert.Equal(symmetric.AsSpan(0, 50).ToArray(), periodic);
    }
}
