using RovDsp.Dsp.Acoustics;

namespace RovDsp.Dsp.Tests.Acoustics;

public class AbsorptionTests
{
    /// <summary>
    /// Check values at the surface (z = 0, pH 8) listed in the header of G. Jiménez Arranz,
    /// seawaterAbsorption_FrancoisGarrison1982.m (v1.2, 2017), a published MATLAB implementation of
    /// Francois &amp; Garrison (1982) Part II. They are printed to three significant figures, so each is checked to
    /// half a unit of its last printed digit.
    /// </summary>
    [Theory]
    [InlineData(0, 30, 1e3, 6.10e-2, 0.0005)]
    [InlineData(0, 35, 1e3, 6.40e-2, 0.0005)]
    [InlineData(10, 35, 1e3, 6.00e-2, 0.0005)]
    [InlineData(0, 30, 10e3, 1.12, 0.005)]
    [InlineData(0, 35, 10e3, 1.29, 0.005)]
    [InlineData(10, 35, 10e3, 0.963, 0.0005)]
    [InlineData(0, 30, 100e3, 21.0, 0.05)]
    [InlineData(0, 35, 100e3, 23.4, 0.05)]
    [InlineData(10, 35, 100e3, 33.6, 0.05)]
    public void Published_surface_check_values(double t, double s, double fHz, double expectedDbPerKm, double tol)
    {
        Assert.Equal(expectedDbPerKm, Absorption.FrancoisGarrison(fHz, t, s, 0, 8), tol);
    }

    /// <summary>
    /// The project brief's deep-water figures for 1.5 °C, 34.7 ‰ ("about 24 dB/km at 200 kHz, 102 at 500 kHz,
    /// 217 at 750 kHz, 539 at 1.2 MHz", quoted for ~5,700 m). They agree with the Francois–Garrison equation to
    /// better than 0.5 % at z = 5500 m (24.22, 101.79, 216.64, 539.05 dB/km) and to 1.5 % at 5700 m, so they
    /// are checked at both depths with those tolerances; this exercises the pressure terms P2 and P3.
    /// </summary>
    [Theory]
    [InlineData(200e3, 24.0)]
    [InlineData(500e3, 102.0)]
    [InlineData(750e3, 217.0)]
    [InlineData(1.2e6, 539.0)]
    public void Brief_deep_water_figures(double fHz, double expectedDbPerKm)
    {
        Assert.Equal(expectedDbPerKm, Absorption.FrancoisGarrison(fHz, 1.5, 34.7, 5500), 0.01 * expectedDbPerKm);
        Assert.Equal(expectedDbPerKm, Absorption.FrancoisGarrison(fHz, 1.5, 34.7, 5700), 0.015 * expectedDbPerKm);
    }

    [Fact]
    public void Increases_with_frequency()
    {
        var previous = 0.0;
        for (var f = 100.0; f <= 1e6; f *= 1.5)
        {
            var a = Absorption.FrancoisGarrison(f, 4, 35, 1000);
            Assert.True(a > previous, $"not increasing at {f} Hz");
            previous = a;
        }
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("frequencyHz", Assert.Throws<ArgumentOutOfRangeException>(() => Absorption.FrancoisGarrison(0, 10, 35, 0)).ParamName);
        Assert.Equal("temperatureC", Assert.Throws<ArgumentOutOfRangeException>(() => Absorption.FrancoisGarrison(1e3, double.NaN, 35, 0)).ParamName);
        Assert.Equal("salinity", Assert.Throws<ArgumentOutOfRangeException>(() => Absorption.FrancoisGarrison(1e3, 10, -1, 0)).ParamName);
        Assert.Equal("depthM", Assert.Throws<ArgumentOutOfRangeException>(() => Absorption.FrancoisGarrison(1e3, 10, 35, -5)).ParamName);
        Assert.Equal("pH", Assert.Throws<ArgumentOutOfRangeException>(() => Absorption.FrancoisGarrison(1e3, 10, 35, 0, double.NaN)).ParamName);
    }
}
