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
        MaxBasebandLength = SizeClass(ping.SampleCount, Decimation, settings.MaxSampleCount);
        Filter = new MatchedFilter(re, im, MaxBasebandLength);
        double energy = 0;
        for (var i = 0; i < re.Length; i++)
        {
            energy += (double)re[i] * re[i] + (double)im[i] * im[i];
        }
        ReplicaEnergy = energy;
        SmoothingWidth = Math.Max(1, (int)Math.Round(BasebandRateHz / pulse.EffectiveBandwidthHz)) | 1;
        (EdgeLeadS, PointWidthS) = Calibrate(re, im);
    }

    /// <summary>Σ|replica|²: a point echo of amplitude a compresses to a peak power a²·E², so dividing by E² reads
    /// echo levels in the input's units whatever the pulse.</summary>
    public double ReplicaEnergy { get; }

    /// <summary>Width of the power smoothing, samples (one resolution cell 1/B, odd).</summary>
    public int SmoothingWidth { get; }

    /// <summary>How far the half-power leading edge of a point echo's smoothed compressed power lies before the
    /// echo's true delay, seconds (about 0.45/B for an unweighted LFM). Added back to every pick: an altimeter's
    /// narrow beam makes the nadir return nearly a point (its delay spread over the beam, h·(1/cos(θ₃/2) − 1)·2/c,
    /// is 15 µs at 4 m for 10°, against 1/B = 50 µs).</summary>
    public double EdgeLeadS { get; }

    /// <summary>Width above half power of a point echo's smoothed compressed power, seconds.</summary>
    public double PointWidthS { get; }

    /// <summary>Measures <see cref="EdgeLeadS"/> and <see cref="PointWidthS"/> on the replica's own compressed
    /// autocorrelation, with the same smoothing and edge rule as the pings.</summary>
    private (double Lead, double Width) Calibrate(float[] re, float[] im)
    {
        var n = re.Length;
        var full = Filter.OutputLength(n);
        var zr = new float[full];
        var zi = new float[full];
        Filter.Process(re, im, zr, zi);
        var power = new float[full];
        for (var i = 0; i < full; i++)
        {
            power[i] = zr[i] * zr[i] + zi[i] * zi[i];
        }
        var smooth = new float[full];
        EchoEdge.Smooth(power, smooth, new double[full + 1], SmoothingWidth);
        var peak = 0;
        for (var i = 1; i < full; i++)
        {
            if (smooth[i] > smooth[peak])
            {
                peak = i;
            }
        }
        var level = 0.5 * smooth[peak];
        var edge = EchoEdge.LeadingEdge(smooth, peak, 0, level);
        var trailing = EchoEdge.TrailingEdge(smooth, peak, level);
        // Zero lag (the echo's true delay) is full-output index n − 1.
        return ((n - 1 - edge) / BasebandRateHz, (trailing - edge) / BasebandRateHz);
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

    public bool Matches(in EchosounderPing ping, int maxSampleCount) =>
        ping.Format == Format && ping.SampleRateHz == SampleRateHz && ping.CarrierFrequencyHz == CarrierFrequencyHz
        && ping.Pulse == Pulse && SizeClass(ping.SampleCount, Decimation, maxSampleCount) == MaxBasebandLength;

    /// <summary>
    /// The baseband capacity an entry is built for: the next power of two above the ping's baseband length (capped
    /// at the settings' maximum), so the FFTs fit the pings actually received (a 10 m window at 100 kHz uses
    /// 4,096-point FFTs, not ones sized for MaxSampleCount) and a length change within the class reuses the entry.
    /// </summary>
    private static int SizeClass(int sampleCount, int decimation, int maxSampleCount)
    {
        var needed = (sampleCount + decimation - 1) / decimation + 1;
        var limit = (maxSampleCount + decimation - 1) / decimation + 1;
        var size = 1;
        while (size < needed)
        {
            size <<= 1;
        }
        return Math.Min(size, limit);
    }
}
