namespace RovDsp.Dsp.Acoustics;

/// <summary>Sound absorption in sea water (design functions, double precision).</summary>
public static class Absorption
{
    /// <summary>
    /// Francois–Garrison absorption in dB/km (R. E. Francois and G. R. Garrison, "Sound absorption based on ocean
    /// measurements. Part II: Boric acid contribution and equation for total absorption", J. Acoust. Soc. Am.
    /// 72(6), 1879–1890, 1982): boric acid + magnesium sulphate relaxations + pure-water viscosity,
    /// α = A1·P1·f1·f²/(f1²+f²) + A2·P2·f2·f²/(f2²+f²) + A3·P3·f², f in kHz, with the paper's own sound speed
    /// c = 1412 + 3.21T + 1.19S + 0.0167z. Valid roughly 200 Hz–1 MHz, −2 to 22 °C, 30–35 ‰, 0–7 km.
    /// </summary>
    /// <param name="frequencyHz">Frequency in Hz, &gt; 0.</param>
    /// <param name="temperatureC">Temperature in °C.</param>
    /// <param name="salinity">Salinity in PSU (‰), &gt;= 0.</param>
    /// <param name="depthM">Depth in metres, &gt;= 0.</param>
    /// <param name="pH">pH (8 for typical open ocean).</param>
    public static double FrancoisGarrison(double frequencyHz, double temperatureC, double salinity, double depthM,
        double pH = 8.0)
    {
        if (!(frequencyHz > 0) || double.IsPositiveInfinity(frequencyHz))
        {
            throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz, "frequencyHz must be finite and > 0");
        }
        SoundSpeed.CheckFinite(temperatureC, nameof(temperatureC));
        SoundSpeed.CheckFinite(pH, nameof(pH));
        if (!(salinity >= 0) || double.IsPositiveInfinity(salinity))
        {
            throw new ArgumentOutOfRangeException(nameof(salinity), salinity, "salinity must be finite and >= 0");
        }
        if (!(depthM >= 0) || double.IsPositiveInfinity(depthM))
        {
            throw new ArgumentOutOfRangeException(nameof(depthM), depthM, "depthM must be finite and >= 0");
        }

        var f = frequencyHz / 1000.0;
        var f2 = f * f;
        var t = temperatureC;
        var s = salinity;
        var z = depthM;
        var tk = 273.0 + t;
        var c = 1412.0 + 3.21 * t + 1.19 * s + 0.0167 * z;

        // Boric acid (P1 = 1).
        var a1 = 8.86 / c * Math.Pow(10.0, 0.78 * pH - 5.0);
        var fr1 = 2.8 * Math.Sqrt(s / 35.0) * Math.Pow(10.0, 4.0 - 1245.0 / tk);
        var boric = a1 * fr1 * f2 / (fr1 * fr1 + f2);

        // Magnesium sulphate.
        var a2 = 21.44 * s / c * (1.0 + 0.025 * t);
        var p2 = 1.0 - 1.37e-4 * z + 6.2e-9 * z * z;
        var fr2 = 8.17 * Math.Pow(10.0, 8.0 - 1990.0 / tk) / (1.0 + 0.0018 * (s - 35.0));
        var mgso4 = a2 * p2 * fr2 * f2 / (fr2 * fr2 + f2);

        // Pure water; the paper switches polynomials above 20 °C.
        var a3 = t <= 20.0
            ? 4.937e-4 - 2.59e-5 * t + 9.11e-7 * t * t - 1.50e-8 * t * t * t
            : 3.964e-4 - 1.146e-5 * t + 1.45e-7 * t * t - 6.5e-10 * t * t * t;
        var p3 = 1.0 - 3.83e-5 * z + 4.9e-10 * z * z;
        var water = a3 * p3 * f2;

        return boric + mgso4 + water;
    }
}
