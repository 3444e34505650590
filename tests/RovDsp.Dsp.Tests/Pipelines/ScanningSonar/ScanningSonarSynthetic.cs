using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.ScanningSonar;

namespace RovDsp.Dsp.Tests.Pipelines.ScanningSonar;

/// <summary>
/// Synthetic Ping360 steps: Rayleigh speckle of mean <see cref="Background"/> counts on every sample, plus point
/// targets: a target at (angle, range) adds <see cref="TargetLevel"/>·beam(Δangle) to the samples whose centre
/// c·T·(i+0.5)/2 lies within half a pulse (±<see cref="TargetHalfLengthM"/>) of its range, with a two-way beam
/// beam(Δ) = 1, 0.5 at |Δ| = 0, 1 grad and 0 beyond (about Ping360's 2° beam).
/// </summary>
internal static class ScanningSonarSynthetic
{
    public const double SoundSpeed = 1555.0;
    public const float Background = 20f;
    public const float TargetLevel = 200f;
    public const double TargetHalfLengthM = 0.05;

    /// <summary>Sample period in ticks for <paramref name="samples"/> samples to cover <paramref name="rangeM"/>.</summary>
    public static ushort TicksFor(double rangeM, int samples) =>
        (ushort)Math.Round(2.0 * rangeM / (SoundSpeed * samples * ScanningSonarStep.TickS));

    public static void Fill(ScanningSonarStep step, uint sequence, int angle, ushort ticks, int samples, Random random,
        params (int Angle, double RangeM)[] targets)
    {
        step.Stamp = new MessageStamp(sequence * 33_333_333L, sequence);
        step.AngleGrads = (ushort)angle;
        step.SamplePeriodTicks = ticks;
        step.SampleCount = samples;
        step.TransmitFrequencyKHz = 750;
        step.GainSetting = 1;
        step.TransmitDurationUs = 20;
        var half = SoundSpeed * ticks * ScanningSonarStep.TickS / 2;
        for (var i = 0; i < samples; i++)
        {
            var v = Background * Math.Sqrt(2.0 / Math.PI) * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
            var r = half * (i + 0.5);
            foreach (var t in targets)
            {
                var d = Math.Abs(((angle - t.Angle) % 400 + 600) % 400 - 200);
                var beam = d == 0 ? 1.0 : d == 1 ? 0.5 : 0.0;
                if (beam > 0 && Math.Abs(r - t.RangeM) <= TargetHalfLengthM)
                {
                    v += TargetLevel * beam;
                }
            }
            step.Intensities[i] = (byte)Math.Clamp(Math.Round(v), 0, 255);
        }
    }
}
