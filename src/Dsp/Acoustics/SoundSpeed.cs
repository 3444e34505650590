namespace RovDsp.Dsp.Acoustics;

/// <summary>Empirical equations for the speed of sound in sea water (design functions, double precision).</summary>
public static class SoundSpeed
{
    /// <summary>
    /// Mackenzie's nine-term equation (K. V. Mackenzie, "Nine-term equation for sound speed in the oceans",
    /// J. Acoust. Soc. Am. 70(3), 807–812, 1981), in m/s. Stated validity: −2 to 30 °C, 25 to 40 ‰, 0 to 8000 m;
    /// standard error 0.07 m/s. Check value from the paper: 1550.744 m/s at 25 °C, 35 ‰, 1000 m.
    /// </summary>
    /// <param name="temperatureC">Temperature in °C.</param>
    /// <param name="salinityPsu">Salinity in PSU (‰).</param>
    /// <param name="depthM">Depth in metres.</param>
    public static double Mackenzie1981(double temperatureC, double salinityPsu, double depthM)
    {
        CheckFinite(temperatureC, nameof(temperatureC));
        CheckFinite(salinityPsu, nameof(salinityPsu));
        CheckFinite(depthM, nameof(depthM));
        var t = temperatureC;
        var s = salinityPsu - 35.0;
        var d = depthM;
        return 1448.96 + 4.591 * t - 5.304e-2 * t * t + 2.374e-4 * t * t * t
               + 1.340 * s + 1.630e-2 * d + 1.675e-7 * d * d
               - 1.025e-2 * t * s - 7.139e-13 * t * d * d * d;
    }

    /// <summary>
    /// UNESCO sound speed: the Chen and Millero (1977, J. Acoust. Soc. Am. 62, 1129–1135) equation as published in
    /// UNESCO Technical Papers in Marine Science 44 (Fofonoff and Millard 1983), in m/s. Temperature is on the
    /// IPTS-68 scale, salinity on PSS-78, pressure in decibars (gauge, 0 at the surface). Check value from the
    /// UNESCO listing: 1731.995 m/s at S = 40, T = 40 °C, P = 10000 dbar.
    /// </summary>
    /// <param name="temperatureC">Temperature in °C (IPTS-68; multiply ITS-90 by 1.00024).</param>
    /// <param name="salinityPsu">Practical salinity.</param>
    /// <param name="pressureDbar">Sea pressure in decibars (see <see cref="PressureFromDepth"/>).</param>
    public static double UnescoChenMillero(double temperatureC, double salinityPsu, double pressureDbar)
    {
        CheckFinite(temperatureC, nameof(temperatureC));
        CheckFinite(salinityPsu, nameof(salinityPsu));
        CheckFinite(pressureDbar, nameof(pressureDbar));
        var t = temperatureC;
        var s = salinityPsu;
        var p = pressureDbar / 10.0; // the coefficients are for pressure in bar

        // Pure-water part Cw(T, P) = Σ c_i(T)·P^i.
        var c0 = ((((3.1464e-9 * t - 1.47800e-6) * t + 3.3420e-4) * t - 5.80852e-2) * t + 5.03711) * t + 1402.388;
        var c1 = (((-6.1185e-10 * t + 1.3621e-7) * t - 8.1788e-6) * t + 6.8982e-4) * t + 0.153563;
        var c2 = (((1.0405e-12 * t - 2.5335e-10) * t + 2.5974e-8) * t - 1.7107e-6) * t + 3.1260e-5;
        var c3 = (-2.3643e-12 * t + 3.8504e-10) * t - 9.7729e-9;
        var cw = ((c3 * p + c2) * p + c1) * p + c0;

        // Salinity terms A(T, P)·S + B(T, P)·S^(3/2) + D(P)·S².
        var a0 = (((-3.21e-8 * t + 2.006e-6) * t + 7.164e-5) * t - 1.262e-2) * t + 1.389;
        var a1 = (((-2.0122e-10 * t + 1.0507e-8) * t - 6.4885e-8) * t - 1.2580e-5) * t + 9.4742e-5;
        var a2 = ((7.988e-12 * t - 1.6002e-10) * t + 9.1041e-9) * t - 3.9064e-7;
        var a3 = (-3.389e-13 * t + 6.649e-12) * t + 1.100e-10;
        var a = ((a3 * p + a2) * p + a1) * p + a0;
        var b = -1.922e-2 - 4.42e-5 * t + (7.3637e-5 + 1.7945e-7 * t) * p;
        var d = 1.727e-3 - 7.9836e-6 * p;

        return cw + (a + b * Math.Sqrt(Math.Abs(s)) + d * s) * s;
    }

    /// <summary>
    /// Sea pressure in decibars at a depth, from Saunders (1981, "Practical conversion of pressure to depth",
    /// J. Phys. Oceanogr. 11, 573–574): p = ((1−c₁) − √((1−c₁)² − 8.84e-6·z)) / 4.42e-6 with
    /// c₁ = 5.92e-3 + 5.25e-3·sin²(latitude). Check value (UNESCO 1983 listing): 7500.004 dbar at 7321.45 m, 30°.
    /// </summary>
    /// <param name="depthM">Depth in metres, &gt;= 0.</param>
    /// <param name="latitudeDeg">Latitude in degrees (sign ignored).</param>
    public static double PressureFromDepth(double depthM, double latitudeDeg)
    {
        if (!(depthM >= 0) || double.IsPositiveInfinity(depthM))
        {
            throw new ArgumentOutOfRangeException(nameof(depthM), depthM, "depthM must be finite and >= 0");
        }
        CheckFinite(latitudeDeg, nameof(latitudeDeg));
        var sinLat = Math.Sin(Math.Abs(latitudeDeg) * Math.PI / 180.0);
        var c1 = 5.92e-3 + 5.25e-3 * sinLat * sinLat;
        return ((1 - c1) - Math.Sqrt((1 - c1) * (1 - c1) - 8.84e-6 * depthM)) / 4.42e-6;
    }

    internal static void CheckFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite");
        }
    }
}
