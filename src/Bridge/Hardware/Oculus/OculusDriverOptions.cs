using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Hardware.Oculus;

/// <summary>How the bridge reaches and fires a Blueprint Subsea Oculus multibeam. The sonar takes one TCP client on
/// port 52100 and broadcasts its status over UDP to port 52102; the fire settings follow Oculus.h's
/// SimpleFireMessage (range in metres, gain percent, a ping-rate step, 8- or 16-bit data, per-row gains).</summary>
/// <remarks>The names <see cref="Validate"/> reports (<c>oculus-range</c> and so on) are the command-line options'.</remarks>
public sealed record OculusDriverOptions
{
    /// <summary>The sonar's TCP data port.</summary>
    public const int DefaultPort = 52100;

    /// <summary>The UDP port the sonar broadcasts its status to.</summary>
    public const int DefaultStatusPort = 52102;

    /// <summary>The sonar's address; null to learn it from its status broadcasts on <see cref="DiscoverPort"/>.</summary>
    public string? Host { get; init; }

    /// <summary>TCP port of the sonar.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>UDP port to listen on for status broadcasts when <see cref="Host"/> is null.</summary>
    public int DiscoverPort { get; init; } = DefaultStatusPort;

    /// <summary>Range demand, metres (M750d: up to 120 m at 750 kHz, 40 m at 1.2 MHz).</summary>
    public double RangeM { get; init; } = 20;

    /// <summary>Gain demand, percent.</summary>
    public double GainPercent { get; init; } = 50;

    /// <summary>Pings per second: one of the sonar's steps, 2, 5, 10, 15 or 40.</summary>
    public double PingRateHz { get; init; } = 10;

    /// <summary>masterMode: 1 low frequency (wide fan, navigation), 2 high frequency (narrow, identification).</summary>
    public byte Mode { get; init; } = 1;

    /// <summary>16-bit image samples instead of 8-bit.</summary>
    public bool Data16Bit { get; init; }

    /// <summary>gammaCorrection byte (255: gamma 1, the samples stay proportional to amplitude).</summary>
    public byte Gamma { get; init; } = 255;

    /// <summary>Salinity, ppt, for the sonar's own sound speed (sea water about 35; 0 in fresh water).</summary>
    public double SalinityPpt { get; init; } = 35;

    /// <summary>How long a TCP connection attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>No ping for this long on an open connection: the sonar stopped answering; the link is dropped and
    /// made again. Null: five ping intervals, at least 2 s.</summary>
    public TimeSpan? StallTimeout { get; init; }

    /// <summary>The fire message is sent on connecting and again this often, so a sonar that restarted or dropped its
    /// settings is fired again without a reconnection.</summary>
    public TimeSpan FireInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First wait before reconnecting; doubled after each failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between reconnection attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The ping-rate byte of the fire message (Oculus.h PingRateType).</summary>
    public byte PingRateCode => PingRateHz switch
    {
        10 => 0,
        15 => 1,
        40 => 2,
        5 => 3,
        2 => 4,
        _ => throw new BridgeConfigurationException("oculus-rate", $"{PingRateHz} is not one of the sonar's rates: 2, 5, 10, 15 or 40 pings/s"),
    };

    /// <summary><see cref="StallTimeout"/> or its default.</summary>
    public TimeSpan EffectiveStallTimeout => StallTimeout ?? TimeSpan.FromSeconds(Math.Max(2.0, 5.0 / PingRateHz));

    /// <summary>Throws <see cref="BridgeConfigurationException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Port is < 1 or > 65535)
        {
            throw new BridgeConfigurationException("oculus", $"port {Port} is not 1–65535");
        }

        if (DiscoverPort is < 1 or > 65535)
        {
            throw new BridgeConfigurationException("oculus-discover", $"port {DiscoverPort} is not 1–65535");
        }

        if (!(RangeM is >= 0.1 and <= 200))
        {
            throw new BridgeConfigurationException("oculus-range", $"{RangeM} m is not within 0.1–200 m");
        }

        if (!(GainPercent is >= 0 and <= 100))
        {
            throw new BridgeConfigurationException("oculus-gain", $"{GainPercent} % is not within 0–100 %");
        }

        _ = PingRateCode;
        if (Mode is not (1 or 2))
        {
            throw new BridgeConfigurationException("oculus-mode", $"{Mode} is not 1 (low frequency) or 2 (high frequency)");
        }

        if (!(SalinityPpt is >= 0 and <= 50))
        {
            throw new BridgeConfigurationException("oculus-salinity", $"{SalinityPpt} ppt is not within 0–50");
        }

        if (ConnectTimeout <= TimeSpan.Zero || FireInterval <= TimeSpan.Zero || MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff
            || EffectiveStallTimeout <= TimeSpan.Zero)
        {
            throw new BridgeConfigurationException("oculus", "timeouts and back-off must be positive (and the longest back-off at least the first)");
        }
    }
}
