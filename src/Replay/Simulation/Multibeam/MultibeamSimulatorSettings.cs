namespace RovDsp.Replay.Simulation.Multibeam;

/// <summary>
/// Settings of <see cref="MultibeamSimulator"/>: an Oculus M750d-like forward-looking imaging sonar at its
/// 750 kHz setting (130° × 20° fan, 256 beams; Blueprint Subsea's data sheet gives 1° horizontal and 20° vertical
/// beam width) set to a 20 m range with 703 bins (2.8 cm each, the bin count of the real 8-bit pings in
/// ../shared/data/oculus), 10 frames/s, tilted 15° down, on the vehicle's centre line at its reference point.
/// </summary>
public sealed record MultibeamSimulatorSettings
{
    /// <summary>Beams across the fan.</summary>
    public int Beams { get; init; } = 256;

    /// <summary>Range bins per beam.</summary>
    public int Bins { get; init; } = 703;

    /// <summary>Horizontal fan width, degrees.</summary>
    public double FanDeg { get; init; } = 130.0;

    /// <summary>Range of the last bin, metres.</summary>
    public double RangeM { get; init; } = 20.0;

    /// <summary>Acoustic frequency, Hz.</summary>
    public double FrequencyHz { get; init; } = 750e3;

    /// <summary>Frames per second.</summary>
    public double FrameRateHz { get; init; } = 10.0;

    /// <summary>Downward tilt of the fan's axis, degrees.</summary>
    public double TiltDownDeg { get; init; } = 15.0;

    /// <summary>One-way −3 dB vertical beam width, degrees.</summary>
    public double VerticalBeamDeg { get; init; } = 20.0;

    /// <summary>One-way −3 dB horizontal beam width, degrees.</summary>
    public double HorizontalBeamDeg { get; init; } = 1.0;

    /// <summary>Two-way vertical side-lobe floor, dB (echoes far outside the vertical beam still leak in).</summary>
    public double VerticalSidelobeDb { get; init; } = -30.0;

    /// <summary>Lambert coefficient of the mud seabed, dB (backscatter μ·sin²ψ; −30 dB is a soft-sediment value,
    /// APL-UW High-Frequency Ocean Environmental Models Handbook, 1994, sediment backscatter chapter).</summary>
    public double LambertDb { get; init; } = -30.0;

    /// <summary>Amplitude gain the device applies to every sample, dB (reported in the frame).</summary>
    public double DeviceGainDb { get; init; } = 20.0;

    /// <summary>Spreading coefficient of the device's own range gain (30 log R + 2αR, a seabed TVG), reported
    /// per row in the frame.</summary>
    public double DeviceSpreading { get; init; } = 30.0;

    /// <summary>Mean 8-bit amplitude count of the seabed at 10 m range seen from 3 m altitude on the fan's axis
    /// (sets the source level).</summary>
    public double SeabedCountsAt10M { get; init; } = 10.0;

    /// <summary>RMS of the receiver noise in 8-bit counts at the last bin (before the device's range gain, so it
    /// grows with range).</summary>
    public double ReceiverNoiseCounts { get; init; } = 2.0;

    /// <summary>RMS of the noise added after the device's gains (converter and electronics), 8-bit counts.</summary>
    public double OutputNoiseCounts { get; init; } = 1.5;

    /// <summary>Metres per range bin.</summary>
    public double BinSpacingM => RangeM / Bins;
}
