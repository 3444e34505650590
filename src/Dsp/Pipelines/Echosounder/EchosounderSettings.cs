using RovDsp.Dsp.Acoustics;

namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>
/// Settings of an <see cref="EchosounderPipeline"/>. Defaults are for the Minamitorishima mining site in
/// docs/domain.md#site: seabed at about 5,700 m, 1.5 °C, salinity 34.7, where sound travels at about 1,555 m/s
/// (not 1,500: at 3 m altitude 1,500 m/s under-reads by about 10 cm).
/// </summary>
public sealed record EchosounderSettings
{
    /// <summary>Water temperature at the vehicle, °C (default 1.5, docs/domain.md#site).</summary>
    public double TemperatureC { get; init; } = 1.5;

    /// <summary>Salinity, PSU (default 34.7, docs/domain.md#site).</summary>
    public double SalinityPsu { get; init; } = 34.7;

    /// <summary>Vehicle depth, metres (default 5,700, the 2026 test site; sets pressure for sound speed and
    /// Francois–Garrison absorption).</summary>
    public double DepthM { get; init; } = 5700.0;

    /// <summary>Latitude, degrees (default 24.3° N, Minamitorishima; sets the depth-to-pressure conversion).</summary>
    public double LatitudeDeg { get; init; } = 24.3;

    /// <summary>Sound speed to use when a ping carries no measured value, m/s; NaN (default) computes it from
    /// temperature, salinity and depth with the UNESCO (Chen–Millero) equation, about 1,555 m/s at the defaults.</summary>
    public double SoundSpeedMps { get; init; } = double.NaN;

    /// <summary>Largest ping (samples) accepted; buffers are sized for it at construction (default 32,768: a
    /// 10 m window at 1 MHz pass-band sampling is 12,900 samples). Longer pings are rejected and counted.</summary>
    public int MaxSampleCount { get; init; } = 32768;

    /// <summary>Nearest range searched for the bottom, metres (default 0.3: closer is the transducer's ring-down).</summary>
    public double MinAltitudeM { get; init; } = 0.3;

    /// <summary>Farthest range searched for the bottom, metres (default 100, the top of the altimeter class in
    /// docs/domain.md#sensor-streams).</summary>
    public double MaxAltitudeM { get; init; } = 100.0;

    /// <summary>An echo's compressed peak must exceed the ping's noise floor (median smoothed power) by this, dB
    /// (default 12: about 1e-5 false alarms per cell for smoothed exponential noise).</summary>
    public double DetectionSnrDb { get; init; } = 12.0;

    /// <summary>An echo's leading edge must rise this far above the mean level just before it, dB (default 8). This
    /// is what rejects the mud plume: a diffuse volume return rises slowly, the seabed in one resolution cell.</summary>
    public double EdgeRiseDb { get; init; } = 8.0;

    /// <summary>Length of the window before an echo whose mean is its local background, metres (default 0.3).</summary>
    public double BackgroundWindowM { get; init; } = 0.3;

    /// <summary>Without a track, the first echo within this many dB of the strongest is the bottom (default 6).</summary>
    public double FirstEchoMarginDb { get; init; } = 6.0;

    /// <summary>An echo at twice the range of an earlier one (or of the track) is the second bottom echo only if it
    /// is at most this much stronger after the seabed gain, dB (default 3).</summary>
    public double MultipleMarginDb { get; init; } = 3.0;

    /// <summary>Largest extent of an echo beyond that of a point echo (above half its peak) for it to start a track,
    /// metres (default 0.1: the nadir return of a 10° beam over a 3° slope spreads about 5 cm at 5 m; a false layer
    /// or cloud is tens of centimetres thick).</summary>
    public double MaxAcquireExtentM { get; init; } = 0.1;

    /// <summary>An echo outside the gate this much stronger than the tracked one, on AcquirePings consecutive pings,
    /// takes the track over, dB (default 10: more than the +3 dB false layers of the simulator, less than the
    /// 20+ dB between the seabed and the near-transducer plume).</summary>
    public double SwitchMarginDb { get; init; } = 10.0;

    /// <summary>Fixed part of the tracking gate, ± metres around the prediction (default 0.12: three range cells
    /// of a 20 kHz LFM, c/2B = 3.9 cm each).</summary>
    public double GateM { get; init; } = 0.12;

    /// <summary>Part of the gate proportional to the predicted altitude (default 0.02 = ±2 %).</summary>
    public double GateFraction { get; init; } = 0.02;

    /// <summary>Largest plausible rate of change of altitude, m/s; widens the gate by this times the time since the
    /// last accepted pick and bounds the tracker's rate (default 0.6; the collector's altitude programme moves at
    /// under 0.5 m/s). A faster change is followed by re-acquisition (AcquirePings consistent picks).</summary>
    public double MaxVerticalSpeedMps { get; init; } = 0.6;

    /// <summary>How far below the track's running echo strength an echo may be and still be the bottom, dB
    /// (default 15: a Rayleigh-faded seabed echo is weaker than this only 3 % of the time; plume speckle and the
    /// near-transducer volume return are weaker still). Also applies to (re-)acquisition once a track has existed,
    /// relaxing by 1 dB per second without a track.</summary>
    public double MaxFadeDb { get; init; } = 15.0;

    /// <summary>How long the last altitude is held (state Held) without an acceptable pick before the track is
    /// declared Lost, seconds (default 2).</summary>
    public double MaxHoldS { get; init; } = 2.0;

    /// <summary>Consistent picks needed to acquire (or re-acquire elsewhere) a track (default 2).</summary>
    public int AcquirePings { get; init; } = 2;

    /// <summary>Consistent picks needed to move a held track to another range (default 5, half a second at
    /// 10 pings/s: a false layer seen while the bottom fades must persist before it can take over).</summary>
    public int ReacquirePings { get; init; } = 5;

    /// <summary>α of the α–β tracker (weight of the new pick, default 0.6).</summary>
    public double TrackAlpha { get; init; } = 0.6;

    /// <summary>β of the α–β tracker (weight of the rate update, default 0.1).</summary>
    public double TrackBeta { get; init; } = 0.1;

    /// <summary>SNR above <see cref="DetectionSnrDb"/> at which the SNR part of the confidence reaches 1, dB (default 20).</summary>
    public double ConfidenceSnrSpanDb { get; init; } = 20.0;

    /// <summary>Distinct pulse descriptions whose replicas are kept (default 4); a new description builds its replica
    /// once (allocates), the least recently used is dropped when full.</summary>
    public int ReplicaCacheSize { get; init; } = 4;

    /// <summary>Pass-band input is demodulated and decimated to at least this many times the baseband half-bandwidth
    /// (default 4).</summary>
    public double BasebandOversampling { get; init; } = 4.0;

    /// <summary>The sound speed used when a ping has no measured one: <see cref="SoundSpeedMps"/> if set, else
    /// UNESCO (Chen and Millero 1977) at the settings' temperature (ITS-90 → IPTS-68 ×1.00024), salinity and the
    /// Saunders (1981) pressure of <see cref="DepthM"/>.</summary>
    public double DefaultSoundSpeedMps => double.IsNaN(SoundSpeedMps)
        ? SoundSpeed.UnescoChenMillero(TemperatureC * 1.00024, SalinityPsu, SoundSpeed.PressureFromDepth(DepthM, LatitudeDeg))
        : SoundSpeedMps;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Finite(TemperatureC, nameof(TemperatureC), -3, 40);
        Finite(SalinityPsu, nameof(SalinityPsu), 0, 45);
        Finite(DepthM, nameof(DepthM), 0, 11000);
        Finite(LatitudeDeg, nameof(LatitudeDeg), -90, 90);
        if (!double.IsNaN(SoundSpeedMps))
        {
            Finite(SoundSpeedMps, nameof(SoundSpeedMps), 1300, 1800);
        }
        if (MaxSampleCount < 16 || MaxSampleCount > 1 << 22)
        {
            throw new ArgumentException($"MaxSampleCount must be 16..{1 << 22}, not {MaxSampleCount}.", nameof(MaxSampleCount));
        }
        Finite(MinAltitudeM, nameof(MinAltitudeM), 0, 1000);
        Finite(MaxAltitudeM, nameof(MaxAltitudeM), 0, 12000);
        if (!(MaxAltitudeM > MinAltitudeM))
        {
            throw new ArgumentException("MaxAltitudeM must exceed MinAltitudeM.", nameof(MaxAltitudeM));
        }
        Finite(DetectionSnrDb, nameof(DetectionSnrDb), 0, 100);
        Finite(EdgeRiseDb, nameof(EdgeRiseDb), 0, 100);
        Positive(BackgroundWindowM, nameof(BackgroundWindowM));
        Finite(FirstEchoMarginDb, nameof(FirstEchoMarginDb), 0, 100);
        Finite(MultipleMarginDb, nameof(MultipleMarginDb), -100, 100);
        Positive(MaxAcquireExtentM, nameof(MaxAcquireExtentM));
        Finite(SwitchMarginDb, nameof(SwitchMarginDb), 0, 200);
        Positive(GateM, nameof(GateM));
        Finite(GateFraction, nameof(GateFraction), 0, 10);
        Finite(MaxVerticalSpeedMps, nameof(MaxVerticalSpeedMps), 0, 100);
        Finite(MaxFadeDb, nameof(MaxFadeDb), 0, 200);
        Finite(MaxHoldS, nameof(MaxHoldS), 0, 3600);
        if (AcquirePings < 1 || AcquirePings > 100)
        {
            throw new ArgumentException($"AcquirePings must be 1..100, not {AcquirePings}.", nameof(AcquirePings));
        }
        if (ReacquirePings < 1 || ReacquirePings > 1000)
        {
            throw new ArgumentException($"ReacquirePings must be 1..1000, not {ReacquirePings}.", nameof(ReacquirePings));
        }
        Finite(TrackAlpha, nameof(TrackAlpha), 0, 1);
        if (TrackAlpha == 0)
        {
            throw new ArgumentException("TrackAlpha must be > 0.", nameof(TrackAlpha));
        }
        Finite(TrackBeta, nameof(TrackBeta), 0, 2);
        Positive(ConfidenceSnrSpanDb, nameof(ConfidenceSnrSpanDb));
        if (ReplicaCacheSize < 1 || ReplicaCacheSize > 64)
        {
            throw new ArgumentException($"ReplicaCacheSize must be 1..64, not {ReplicaCacheSize}.", nameof(ReplicaCacheSize));
        }
        Finite(BasebandOversampling, nameof(BasebandOversampling), 2, 1000);
    }

    private static void Finite(double value, string name, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            throw new ArgumentException($"{name} must be finite and in [{min}, {max}], not {value}.", name);
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be finite and > 0, not {value}.", name);
        }
    }
}
