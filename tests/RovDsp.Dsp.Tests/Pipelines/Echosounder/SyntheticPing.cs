using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Echosounder;

namespace RovDsp.Dsp.Tests.Pipelines.Echosounder;

/// <summary>
/// Closed-form test pings: point echoes a·p(t − τ) of the transmitted pulse p at delays τ = 2R/c, written
/// straight from the pulse's formula (pass band: cos(2π(f0·t' + β·t'²/2)), baseband: exp(j2π((f0 − fc)·t' +
/// β·t'²/2))·exp(−j2π·fc·τ), t' = t − τ, 0 ≤ t' &lt; T), plus seeded white Gaussian noise.
/// </summary>
internal static class SyntheticPing
{
    public const double Carrier = 200_000;

    public static EchosounderPulse Lfm => EchosounderPulse.Lfm(190_000, 210_000, 1e-3);

    public static EchosounderPulse Cw => EchosounderPulse.Cw(1e-4);

    public static EchosounderPing Make(EchosounderSampleFormat format, EchosounderPulse pulse, double soundSpeed,
        (double RangeM, double Amplitude)[] echoes, double noiseStd, int seed, double rangeWindowM = 10.0,
        double startDelayS = 0.0, long timestampNs = 0, uint sequence = 0, double measuredSoundSpeed = double.NaN,
        Func<double, double>? volumeStd = null)
    {
        var fs = format == EchosounderSampleFormat.RealPassband ? 800_000.0 : 100_000.0;
        var n = (int)Math.Ceiling(2 * rangeWindowM / soundSpeed * fs);
        var re = new double[n];
        var im = new double[n];
        var beta = pulse.Shape == EchosounderPulseShape.LinearFm ? (pulse.EndFrequencyHz - pulse.StartFrequencyHz) / pulse.DurationS : 0.0;
        var f0 = pulse.Shape == EchosounderPulseShape.LinearFm ? pulse.StartFrequencyHz : Carrier;
        foreach (var (range, amplitude) in echoes)
        {
            var tau = 2 * range / soundSpeed;
            for (var i = 0; i < n; i++)
            {
                var tp = startDelayS + i / fs - tau;
                if (tp < 0 || tp >= pulse.DurationS)
                {
                    continue;
                }
                if (format == EchosounderSampleFormat.RealPassband)
                {
                    re[i] += amplitude * Math.Cos(2 * Math.PI * (f0 * tp + 0.5 * beta * tp * tp));
                }
                else
                {
                    var phase = 2 * Math.PI * ((f0 - Carrier) * tp + 0.5 * beta * tp * tp - Carrier * tau);
                    re[i] += amplitude * Math.Cos(phase);
                    im[i] += amplitude * Math.Sin(phase);
                }
            }
        }
        var rng = new Random(seed);
        for (var i = 0; i < n; i++)
        {
            var r = startDelayS * soundSpeed / 2 + i / fs * soundSpeed / 2;
            var std = noiseStd + (volumeStd?.Invoke(r) ?? 0.0);
            re[i] += std * Gaussian(rng);
            im[i] += std * Gaussian(rng);
        }
        var fre = new float[n];
        var fim = new float[n];
        for (var i = 0; i < n; i++)
        {
            fre[i] = (float)re[i];
            fim[i] = (float)im[i];
        }
        return new EchosounderPing
        {
            Stamp = new MessageStamp(timestampNs, sequence),
            SampleRateHz = fs,
            CarrierFrequencyHz = Carrier,
            Format = format,
            Pulse = pulse,
            SoundSpeedMps = measuredSoundSpeed,
            SampleCount = n,
            StartDelayS = startDelayS,
            Re = fre,
            Im = format == EchosounderSampleFormat.ComplexBaseband ? fim : ReadOnlyMemory<float>.Empty,
        };
    }

    public static EchosounderPing WithStamp(in EchosounderPing ping, long timestampNs) =>
        ping with { Stamp = new MessageStamp(timestampNs, ping.Stamp.Sequence + 1) };

    private static double Gaussian(Random rng)
    {
        var u = 1.0 - rng.NextDouble();
        var v = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
