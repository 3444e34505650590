using RovDsp.Dsp.Acoustics;
using RovDsp.Dsp.Analytic;
using RovDsp.Dsp.Design;
using RovDsp.Dsp.PulseCompression;
using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>
/// Everything that depends only on a ping's pulse description, sample rate, carrier and format, built once and
/// cached by <see cref="EchosounderPipeline"/>: the demodulator (pass-band input), the matched filter with its
/// replica, the baseband rate and the Francois–Garrison absorption at the carrier.
/// </summary>
/// <remarks>
/// For pass-band input the replica is the transmitted pulse passed through the same demodulator (mixer,
/// low-pass, decimator) as the pings, flushed with the filter's length of zeros. The echo and the replica then
/// carry the same filter, so the compressed peak of an echo that starts at input sample d sits exactly at
/// baseband time d/fs whatever the low-pass's delay (correlation of two identically filtered signals is the
/// filtered autocorrelation, centred on the lag).
/// </remarks>
internal sealed class EchosounderReplica
{
    public EchosounderReplica(in EchosounderPing ping, EchosounderSettings settings)
    {
        Format = ping.Format;
        SampleRateHz = ping.SampleRateHz;
        CarrierFrequencyHz = ping.CarrierFrequencyHz;
        Pulse = ping.Pulse;
        AbsorptionDbPerKm = ping.CarrierFrequencyHz > 0
            ? Absorption.FrancoisGarrison(ping.CarrierFrequencyHz, settings.TemperatureC, settings.SalinityPsu, settings.DepthM)
            : 0.0;

        var fs = ping.SampleRateHz;
        var pulse = ping.Pulse;
        var pulseSamples = Math.Max(1, (int)Math.Round(pulse.DurationS * fs));
        var t = Chirp.SampleTimes(pulseSamples, fs);
        float[] re;
        float[] im;
        if (ping.Format == EchosounderSampleFormat.ComplexBaseband)
        {
            Decimation = 1;
            BasebandRateHz = fs;
            re = new float[pulseSamples];
            im = new float[pulseSamples];
            if (pulse.Shape == EchosounderPulseShape.LinearFm)
            {
                var (cr, ci) = Chirp.GenerateComplex(t, pulse.StartFrequencyHz - ping.CarrierFrequencyHz, pulse.DurationS,
                    pulse.EndFrequencyHz - ping.CarrierFrequencyHz);
                for (var i = 0; i < pulseSamples; i++)
                {
                    re[i] = (float)cr[i];
                    im[i] = (float)ci[i];
                }
            }
            else
            {
                re.AsSpan().Fill(1f);
            }
        }
        else
        {
            // Low-pass: the baseband band edge (half the sweep about the carrier) plus two sidelobe widths 2/T of the
            // rectangular envelope; Hamming firwin with a transition as wide as the cutoff (≈ 3.3·fs/Δf taps,
            // Harris 1978), decimated to BasebandOversampling × the cutoff.
            var halfBand = pulse.Shape == EchosounderPulseShape.LinearFm
                ? Math.Max(Math.Abs(pulse.StartFrequencyHz - ping.CarrierFrequencyHz), Math.Abs(pulse.EndFrequencyHz - ping.CarrierFrequencyHz))
                : 0.0;
            var cutoff = Math.Min(halfBand + 2.0 / pulse.DurationS, 0.45 * fs);
            Decimation = Math.Max(1, (int)Math.Floor(fs / (settings.BasebandOversampling * cutoff)));
            BasebandRateHz = fs / Decimation;
            var numTaps = Math.Min(2047, (int)Math.Ceiling(3.3 * fs / cutoff)) | 1;
            var taps = FirDesign.Firwin(numTaps, cutoff, FilterBand.LowPass, fs, WindowType.Hamming);
            Demodulator = new QuadratureDemodulator(fs, ping.CarrierFrequencyHz, Decimation, taps);
            var passband = pulse.Shape == EchosounderPulseShape.LinearFm
                ? Chirp.Generate(t, pulse.StartFrequencyHz, pulse.DurationS, pulse.EndFrequencyHz)
                : Chirp.Generate(t, ping.CarrierFrequencyHz, pulse.DurationS, ping.CarrierFrequencyHz);
            var input = new float[pulseSamples + numTaps - 1];
            for (var i = 0; i < pulseSamples; i++)
            {
                input[i] = (float)passband[i];
            }
            var count = Demodulator.GetOutputCount(input.Length);
            re = new float[count];
            im = new float[count];
            Demodulator.Process(input, re, im);
            Demodulator.Reset();
        }

        ReplicaLength = re.Length;
        MaxBasebandLength = (settings.MaxSampleCount + Decimation - 1) / Decimation + 1;
        Filter = new MatchedFilter(re, im, MaxBasebandLength);
    }

    public EchosounderSampleFormat Format { get; }

    public double SampleRateHz { get; }

    public double CarrierFrequencyHz { get; }

    public EchosounderPulse Pulse { get; }

    /// <summary>Francois–Garrison absorption at the carrier, dB/km (0 when the carrier is 0).</summary>
    public double AbsorptionDbPerKm { get; }

    /// <summary>Demodulator for pass-band pings, null for baseband.</summary>
    public QuadratureDemodulator? Demodulator { get; }

    public int Decimation { get; }

    public double BasebandRateHz { get; }

    public int ReplicaLength { get; }

    public int MaxBasebandLength { get; }

    public MatchedFilter Filter { get; }

    /// <summary>Last use (pipeline ping counter), for least-recently-used replacement.</summary>
    public long LastUse { get; set; }

    public bool Matches(in EchosounderPing ping) =>
        ping.Format == Format && ping.SampleRateHz == SampleRateHz && ping.CarrierFrequencyHz == CarrierFrequencyHz
        && ping.Pulse == Pulse;
}
