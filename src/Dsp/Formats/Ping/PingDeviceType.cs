namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Device family, numbered as the <c>device_type</c> field of common message device_information
/// (ping-protocol common.json: 0 unknown, 1 Ping echosounder, 2 Ping360).
/// </summary>
public enum PingDeviceType : byte
{
    /// <summary>Not known yet (for example before device_information was received).</summary>
    Unknown = 0,

    /// <summary>Ping (Ping1D) echosounder.</summary>
    Ping1D = 1,

    /// <summary>Ping360 scanning sonar.</summary>
    Ping360 = 2,
}
