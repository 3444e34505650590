namespace RovDsp.Processing.Topics;

/// <summary>The kinds of raw sensor stream the bridge accepts, each on its own raw topic level.</summary>
public enum RawKind
{
    /// <summary>Echosounder / altimeter pings in the project's wire encoding.</summary>
    Echosounder,

    /// <summary>Imaging / multibeam frames in the project's wire encoding.</summary>
    Multibeam,

    /// <summary>Scanning-sonar steps (Ping360-class) in the project's wire encoding.</summary>
    Scanning,

    /// <summary>Side-scan lines in the project's wire encoding.</summary>
    SideScan,

    /// <summary>Slurry-line sensor samples in the project's wire encoding.</summary>
    Slurry,

    /// <summary>Blue Robotics Ping protocol frames exactly as the device sent them.</summary>
    Ping,
}
