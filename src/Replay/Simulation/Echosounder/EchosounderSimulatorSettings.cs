using RovDsp.Dsp.Pipelines.Echosounder;

namespace RovDsp.Replay.Simulation.Echosounder;

/// <summary>
/// Settings of an <see cref="EchosounderSimulator"/>: the sensor (a 200 kHz altimeter, the 100–500 kHz
/// class of docs/domain.md#sensor-streams, 10 pings/s, a 20 kHz LFM chirp or a CW burst), the scene's acoustics and the
/// disturbances (mud plume, second bottom echo, false layers). Levels are relative: <see cref="SnrDb"/> fixes the noise
/// against the seabed echo at <see cref="ReferenceAltitudeM"/>; at other altitudes the echo follows 30·log10 R + 2αR.
/// </summary>
public sealed record EchosounderSimulatorSettings
{
    /// <summary>Pings per second (default 10, inside the 5–20 of docs/domain.md#sensor-streams; the 10 m window allows
    /// up to c/2R ≈ 77 Hz).</summary>
    public double PingRateHz { get; init; } = 10.0;

    /// <summary>Real pass-band or complex baseband pings (default baseband).</summary>
    public EchosounderSampleFormat Format { get; init; } = EchosounderSampleFormat.ComplexBaseband;

    /// <summary>Carrier frequency, Hz (default 200 kHz).</summary>
    public double CarrierFrequencyHz { get; init; } = 200_000.0;

    /// <summary>The transmitted pulse (default a 1 ms LFM from 190 to 210 kHz: B = 20 kHz, range resolution
    /// c/2B ≈ 3.9 cm, compression gain BT = 20, 13 dB).</summary>
    public EchosounderPulse Pulse { get; init; } = EchosounderPulse.Lfm(190_000.0, 210_000.0, 1e-3);

    /// <summary>Sample rate of baseband pings, Hz (default 100 kHz, 5× the 20 kHz sweep).</summary>
    public double BasebandSampleRateHz { get; init; } = 100_000.0;

    /// <summary>Sample rate of pass-band pings, Hz (default 800 kHz = 4× the carrier, the usual quarter-rate ADC).</summary>
    public double PassbandSampleRateHz { get; init; } = 800_000.0;

    /// <summary>Nearest range recorded (sets the start delay 2R/c), metres (default 0.2).</summary>
    public double RangeStartM { get; init; } = 0.2;

    /// <summary>Farthest range recorded, metres (default 10.2: a 10 m window).</summary>
    public double RangeStopM { get; init; } = 10.2;

    /// <summary>SNR of the seabed echo at <see cref="ReferenceAltitudeM"/> before pulse compression: the mean
    /// echo power at its plateau over the noise power in the pulse's band (B for LFM, 1/T for CW), dB (default 20).</summary>
    public double SnrDb { get; init; } = 20.0;

    /// <summary>Altitude at which <see cref="SnrDb"/> holds, metres (default 5, the top of the dive's band).</summary>
    public double ReferenceAltitudeM { get; init; } = 5.0;

    /// <summary>Two-way −3 dB beamwidth (full angle), degrees (default 10).</summary>
    public double BeamwidthDeg { get; init; } = 10.0;

    /// <summary>Lambert coefficient μ of the seabed, dB: backscatter σ = μ·cos²θ (default −27 dB, soft clay near
    /// 200 kHz, APL-UW 9407 high-frequency model range).</summary>
    public double SeabedLambertDb { get; init; } = -27.0;

    /// <summary>RMS height of the seabed's small-scale roughness inside the footprint, metres (default 0.01);
    /// spreads the leading edge over 2σ/c.</summary>
    public double MicroRoughnessM { get; init; } = 0.01;

    /// <summary>Volume backscattering strength Sv of the mud plume at the seabed when fully developed, dB re 1/m
    /// (default −30 dB, a dense suspended-sediment cloud of order 1 g/L at 200 kHz, Thorne and Hanes 2002).</summary>
    public double PlumeSvDb { get; init; } = -30.0;

    /// <summary>Height the plume reaches when fully developed, metres (default 6: it engulfs the vehicle).</summary>
    public double PlumeMaxHeightM { get; init; } = 6.0;

    /// <summary>Scale height of the plume's density above the seabed, metres (default 1.5).</summary>
    public double PlumeScaleHeightM { get; init; } = 1.5;

    /// <summary>Time constant of the plume's growth after mining starts, seconds (default 60).</summary>
    public double PlumeGrowthS { get; init; } = 60.0;

    /// <summary>Time constant of the plume's settling after mining stops, seconds (default 90).</summary>
    public double PlumeSettlingS { get; init; } = 90.0;

    /// <summary>Extra two-way attenuation through the fully developed plume at the seabed, dB/m (default 1.0).</summary>
    public double PlumeAttenuationDbPerM { get; init; } = 1.0;

    /// <summary>Probability that a ping carries the second bottom echo (seabed → vehicle → seabed, at twice the
    /// altitude), default 0.5.</summary>
    public double SecondEchoProbability { get; init; } = 0.5;

    /// <summary>Level of the second bottom echo against a seabed echo from twice the altitude, dB (default −6: the
    /// vehicle's underside reflects part of the first echo back down).</summary>
    public double SecondEchoLossDb { get; init; } = -6.0;

    /// <summary>Mean number of false-layer episodes per minute (a drifting dense cloud between vehicle and seabed),
    /// default 1.</summary>
    public double FalseLayerRatePerMinute { get; init; } = 1.0;

    /// <summary>Shortest and longest false-layer episode, seconds (default 2 to 8).</summary>
    public double FalseLayerMinS { get; init; } = 2.0;

    /// <summary>Longest false-layer episode, seconds.</summary>
    public double FalseLayerMaxS { get; init; } = 8.0;

    /// <summary>False-layer level per sample against the seabed echo's strongest sample, dB; each episode draws
    /// uniformly from −6 dB to this (default +3: after compression over its thickness the layer often out-shines
    /// the bottom).</summary>
    public double FalseLayerMaxDb { get; init; } = 3.0;

    /// <summary>Sound speed reported in each ping as "measured": NaN (default) reports none; a value reports it.
    /// Use it to simulate a probe, or a wrong one.</summary>
    public double ReportedSoundSpeedMps { get; init; } = double.NaN;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Positive(PingRateHz, nameof(PingRateHz));
        Positive(CarrierFrequencyHz, nameof(CarrierFrequencyHz));
        if (!Pulse.IsValid)
        {
            throw new ArgumentException("Pulse must have a finite duration > 0 (and f0 ≠ f1 for LFM).", nameof(Pulse));
        }
        Positive(BasebandSampleRateHz, nameof(BasebandSampleRateHz));
        Positive(PassbandSampleRateHz, nameof(PassbandSampleRateHz));
        if (Format == EchosounderSampleFormat.RealPassband && !(CarrierFrequencyHz + Pulse.EffectiveBandwidthHz < PassbandSampleRateHz / 2))
        {
            throw new ArgumentException("PassbandSampleRateHz must exceed twice the highest frequency.", nameof(PassbandSampleRateHz));
        }
        if (!(RangeStartM >= 0) || !(RangeStopM > RangeStartM) || !double.IsFinite(RangeStopM))
        {
            throw new ArgumentException("Need 0 <= RangeStartM < RangeStopM.", nameof(RangeStopM));
        }
        Finite(SnrDb, nameof(SnrDb));
        Positive(ReferenceAltitudeM, nameof(ReferenceAltitudeM));
        Positive(BeamwidthDeg, nameof(BeamwidthDeg));
        Finite(SeabedLambertDb, nameof(SeabedLambertDb));
        NonNegative(MicroRoughnessM, nameof(MicroRoughnessM));
        Finite(PlumeSvDb, nameof(PlumeSvDb));
        NonNegative(PlumeMaxHeightM, nameof(PlumeMaxHeightM));
        Positive(PlumeScaleHeightM, nameof(PlumeScaleHeightM));
        Positive(PlumeGrowthS, nameof(PlumeGrowthS));
        Positive(PlumeSettlingS, nameof(PlumeSettlingS));
        NonNegative(PlumeAttenuationDbPerM, nameof(PlumeAttenuationDbPerM));
        if (!(SecondEchoProbability >= 0 && SecondEchoProbability <= 1))
        {
            throw new ArgumentException("SecondEchoProbability must be in [0, 1].", nameof(SecondEchoProbability));
        }
        Finite(SecondEchoLossDb, nameof(SecondEchoLossDb));
        NonNegative(FalseLayerRatePerMinute, nameof(FalseLayerRatePerMinute));
        Positive(FalseLayerMinS, nameof(FalseLayerMinS));
        if (!(FalseLayerMaxS >= FalseLayerMinS) || !double.IsFinite(FalseLayerMaxS))
        {
            throw new ArgumentException("FalseLayerMaxS must be >= FalseLayerMinS.", nameof(FalseLayerMaxS));
        }
        Finite(FalseLayerMaxDb, nameof(FalseLayerMaxDb));
    }

    private static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be finite.", name);
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be finite and > 0.", name);
        }
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be finite and >= 0.", name);
        }
    }
}
