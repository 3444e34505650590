using RovDsp.Dsp.Acoustics;

namespace RovDsp.Dsp.Tests.Acoustics;

public class SoundSpeedTests
{
    [Fact]
    public void MackenziePaperCheckValue()
    {
        // Mackenzie (1981), J. Acoust. Soc. Am. 70(3) 807–812: check value 1550.744 m/s at T = 25 °C, S = 35 ‰,
        // D = 1000 m, printed to 1 mm/s, so the tolerance is half of that.
        Assert.Equal(1550.744, SoundSpeed.Mackenzie1981(25, 35, 1000), 0.0005);
    }

    [Fact]
    public void MackenzieMbariCheckValue()
    {
        // MBARI's Sndspd.txt (www.mbari.org/wp-content/uploads/2016/03/Sndspd.txt), the Mackenzie (1981)
        // implementation: "CHECKVALUE: SVEL=1718.774 M/S @ S=40, T=40 DEG C, Z=10000 m" (outside the validity
        // range, which exercises every term). Printed to 1 mm/s: tolerance 0.0005.
        Assert.Equal(1718.774, SoundSpeed.Mackenzie1981(40, 40, 10000), 0.0005);
    }

    [Fact]
    public void RejectsNonFiniteInputs()
    {
        Assert.Equal("temperatureC", Assert.Throws<ArgumentOutOfRangeException>(() => SoundSpeed.Mackenzie1981(double.NaN, 35, 0)).ParamName);
        Assert.Equal("salinityPsu", Assert.Throws<ArgumentOutOfRangeException>(() => SoundSpeed.Mackenzie1981(10, double.PositiveInfinity, 0)).ParamName);
        Assert.Equal("depthM", Assert.Throws<ArgumentOutOfRangeException>(() => SoundSpeed.Mackenzie1981(10, 35, double.NaN)).ParamName);
    }
}
