using RovDsp.Dsp.Acoustics;

namespace RovDsp.Dsp.Tests.Acoustics;

public class SoundSpeedTests
{
    [Fact]
    public void Mackenzie_paper_check_value()
    {
        // Mackenzie (1981), J. Acoust. Soc. Am. 70(3) 807–812: check value 1550.744 m/s at T = 25 °C, S = 35 ‰,
        // D = 1000 m, printed to 1 mm/s, so the tolerance is half of that.
        Assert.Equal(1550.744, SoundSpeed.Mackenzie1981(25, 35, 1000), 0.0005);
    }

    [Fact]
    public void Mackenzie_MBARI_check_value()
    {
        // MBARI's Sndspd.txt (www.mbari.org/wp-content/uploads/2016/03/Sndspd.txt), the Mackenzie (1981)
        // implementation: "CHECKVALUE: SVEL=1718.774 M/S @ S=40, T=40 DEG C, Z=10000 m" (outside the validity
        // range, which exercises every term). Printed to 1 mm/s: tolerance 0.0005.
        Assert.Equal(1718.774, SoundSpeed.Mackenzie1981(40, 40, 10000), 0.0005);
    }

    [Fact]
    public void UNESCO_check_value()
    {
        // UNESCO Technical Papers in Marine Science 44 (Fofonoff & Millard 1983), Chen–Millero sound speed:
        // "CHECKVALUE: SVEL=1731.995 M/S, S=40 (IPSS-78), T=40 DEG C, P=10000 DBAR" (printed to 1 mm/s).
        Assert.Equal(1731.995, SoundSpeed.UnescoChenMillero(40, 40, 10000), 0.0005);
    }

    [Fact]
    public void UNESCO_and_Mackenzie_agree_in_the_ocean()
    {
        // Two independent fits: at 4 °C, 35, 4000 m (45°) Mackenzie gives 1534.188 and Chen–Millero 1534.928 m/s.
        // Chen–Millero reads high at depth by ~0.5–1 m/s relative to Del Grosso-type fits such as Mackenzie's
        // (a known discrepancy, Dushaw et al. 1993), so agreement is checked to 1 m/s: this catches a wrong
        // pressure scaling or a mistyped coefficient, not the fits' own difference.
        var p = SoundSpeed.PressureFromDepth(4000, 45);
        Assert.Equal(SoundSpeed.Mackenzie1981(4, 35, 4000), SoundSpeed.UnescoChenMillero(4, 35, p), 1.0);
    }

    [Fact]
    public void Saunders_pressure_check_value()
    {
        // UNESCO 1983 listing of Saunders (1981): "check value: p80 = 7500.004 dbars for lat = 30 deg,
        // depth = 7321.45 meters". The closed form gives 7500.0065; the listing's own rounding of the printed
        // depth explains the 2.5e-3 dbar gap, so the tolerance is 5e-3 dbar (0.7 ppm).
        Assert.Equal(7500.004, SoundSpeed.PressureFromDepth(7321.45, 30), 0.005);
        Assert.Equal(0.0, SoundSpeed.PressureFromDepth(0, 10), 1e-12);
    }

    [Fact]
    public void Rejects_non_finite_inputs()
    {
        Assert.Equal("temperatureC", Assert.Throws<ArgumentOutOfRangeException>(() => SoundSpeed.Mackenzie1981(double.NaN, 35, 0)).ParamName);
        Assert.Equal("salinityPsu", Assert.Throws<ArgumentOutOfRangeException>(() => SoundSpeed.Mackenzie1981(10, double.PositiveInfinity, 0)).ParamName);
        Assert.Equal("depthM", Assert.Throws<ArgumentOutOfRangeException>(() => SoundSpeed.Mackenzie1981(10, 35, double.NaN)).ParamName);
        Assert.Equal("pressureDbar", Assert.Throws<ArgumentOutOfRangeException>(() => SoundSpeed.UnescoChenMillero(10, 35, double.NaN)).ParamName);
        Assert.Equal("depthM", Assert.Throws<ArgumentOutOfRangeException>(() => SoundSpeed.PressureFromDepth(-1, 10)).ParamName);
        Assert.Equal("latitudeDeg", Assert.Throws<ArgumentOutOfRangeException>(() => SoundSpeed.PressureFromDepth(10, double.NaN)).ParamName);
    }
}
