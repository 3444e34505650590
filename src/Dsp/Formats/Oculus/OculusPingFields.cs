namespace RovDsp.Dsp.Formats.Oculus;

/// <summary>The per-ping fields <see cref="OculusSimplePingResultWriter"/> writes after the echoed fire message.</summary>
public sealed record OculusPingFields
{
    /// <summary>pingId: counts pings.</summary>
    public uint PingId { get; init; }

    /// <summary>status bits.</summary>
    public uint Status { get; init; }

    /// <summary>Acoustic frequency, Hz.</summary>
    public double FrequencyHz { get; init; }

    /// <summary>Water temperature, °C.</summary>
    public double TemperatureC { get; init; }

    /// <summary>Pressure as the sonar reports it.</summary>
    public double Pressure { get; init; }

    /// <summary>Sound speed the sonar used, m/s.</summary>
    public double SpeedOfSoundUsed { get; init; }

    /// <summary>pingStartTime (sonar clock).</summary>
    public uint PingStartTime { get; init; }

    /// <summary>Bytes per sample.</summary>
    public OculusDataSize DataSize { get; init; }

    /// <summary>Metres per image row.</summary>
    public double RangeResolutionM { get; init; }

    /// <summary>nRanges: image rows.</summary>
    public int Ranges { get; init; }

    /// <summary>srcDeviceId of the header (the sonar's id).</summary>
    public ushort SrcDeviceId { get; init; }
}
