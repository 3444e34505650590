namespace RovDsp.Bridge.Hardware;

/// <summary>How the bridge drives a Ping device. Ping360 defaults follow Blue Robotics' Ping Viewer defaults
/// for a short-range scan: 740 kHz, normal gain, 1200 samples; the sample period sets the range
/// (range = c · samples · period · 25 ns / 2).</summary>
/// <remarks>Named like the bridge's other option records (<see cref="Connection.MqttLinkOptions"/>,
/// <see cref="Service.BridgeOptions"/>). The names <see cref="Validate"/> reports (<c>ping.samples</c> and so on)
/// are the settings' user-facing names and do not follow the type's name.</remarks>
public sealed record PingDriverOptions
{
    /// <summary>How long to wait for any reply before a request counts as timed out. The Ping360 protocol
    /// documentation asks for up to 4 s for a transducer command (the head may have to turn).</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Attempts at identifying the device before giving up.</summary>
    public int IdentifyAttempts { get; init; } = 5;

    /// <summary>Ping360: gradians advanced per step (1 = full resolution, 400 steps a turn).</summary>
    public int AngleStep { get; init; } = 1;

    /// <summary>Ping360: gain setting (0 low, 1 normal, 2 high).</summary>
    public byte GainSetting { get; init; } = 1;

    /// <summary>Ping360: transmit duration, µs.</summary>
    public ushort TransmitDurationUs { get; init; } = 32;

    /// <summary>Ping360: sample period in 25 ns ticks (80 = 2 µs: about 1.5 mm per sample).</summary>
    public ushort SamplePeriodTicks { get; init; } = 80;

    /// <summary>Ping360: transmit frequency, kHz.</summary>
    public ushort TransmitFrequencyKhz { get; init; } = 740;

    /// <summary>Ping360: samples per step (200–1200).</summary>
    public ushort NumberOfSamples { get; init; } = 1200;

    /// <summary>Ping1D: interval between profile requests.</summary>
    public TimeSpan Ping1DInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Our own device id on the link (the host side of the Ping protocol).</summary>
    public byte HostId { get; init; } = 0;

    /// <summary>Throws <see cref="Connection.BridgeConfigurationException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (AngleStep is < 1 or > 200)
        {
            throw new Connection.BridgeConfigurationException("ping.angle-step", "must be 1–200 gradians");
        }

        if (NumberOfSamples is < 200 or > 1200)
        {
            throw new Connection.BridgeConfigurationException("ping.samples", "must be 200–1200 (the Ping360's supported range)");
        }

        if (SamplePeriodTicks is < 80 or > 40000)
        {
            throw new Connection.BridgeConfigurationException("ping.sample-period", "must be 80–40000 ticks of 25 ns");
        }

        if (GainSetting > 2)
        {
            throw new Connection.BridgeConfigurationException("ping.gain", "must be 0, 1 or 2");
        }

        if (ReplyTimeout <= TimeSpan.Zero || IdentifyAttempts < 1)
        {
            throw new Connection.BridgeConfigurationException("ping.timeout", "timeout and attempts must be positive");
        }
    }
}
