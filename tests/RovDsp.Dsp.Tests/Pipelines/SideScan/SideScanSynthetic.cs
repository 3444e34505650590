using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.SideScan;

namespace RovDsp.Dsp.Tests.Pipelines.SideScan;

/// <summary>
/// Synthetic side-scan lines from a flat-seabed geometry: sample i lies at slant range s = c·i·dt/2; below the
/// altitude a it is water column (level <see cref="WaterLevel"/>), beyond it the seabed at ground range
/// g = √(s² − a²) with reflectivity reflectivity(g) times Rayleigh speckle of mean 1 (σ = √(2/π)).
/// </summary>
internal static class SideScanSynthetic
{
    public const double SoundSpeed = 1500.0;
    public const int Samples = 1024;
    public const double SlantRange = 30.0;
    public const double Interval = 2.0 * SlantRange / SoundSpeed / Samples;
    public const float WaterLevel = 0.01f;

    public static double SlantOf(int sample) => SoundSpeed * sample * Interval / 2.0;

    public static void Fill(SideScanLine line, uint sequence, double altitude, bool altitudeKnown, Random? speckle,
        Func<double, double> port, Func<double, double> starboard)
    {
        line.Stamp = new MessageStamp(1_000_000_000L * sequence / 15, sequence);
        line.SampleCount = Samples;
        line.SampleIntervalS = Interval;
        line.FirstSampleDelayS = 0;
        line.SoundSpeedMps = SoundSpeed;
        line.FrequencyHz = 600e3;
        line.AltitudeM = altitudeKnown ? altitude : double.NaN;
        for (var i = 0; i < Samples; i++)
        {
            var s = SlantOf(i);
            if (s < altitude)
            {
                line.Port[i] = WaterLevel;
                line.Starboard[i] = WaterLevel;
                continue;
            }
            var g = Math.Sqrt(s * s - altitude * altitude);
            line.Port[i] = (float)(port(g) * Speckle(speckle));
            line.Starboard[i] = (float)(starboard(g) * Speckle(speckle));
        }
    }

    private static double Speckle(Random? random) =>
        random is null ? 1.0 : Math.Sqrt(2.0 / Math.PI) * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));

    public static double Flat(double g) => 1.0;
}
