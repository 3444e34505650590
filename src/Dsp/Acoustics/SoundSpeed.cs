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

    internal static void CheckFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite");
        }
    }
}
