namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// The header of a Ping Viewer sensor log (<c>LogSensorStruct</c>, ping-viewer src/link/logsensorstruct.h and
/// logsensorstruct.cpp lines 6-22): magic, version, build information and sensor family/type.
/// </summary>
/// <remarks>Strings are null when the file stored a null QString (length 0xFFFFFFFF).</remarks>
public sealed record PingViewerLogHeader
{
    /// <summary>The identification string, always "PingViewer sensor log file" in a valid log.</summary>
    public required string Magic { get; init; }

    /// <summary>Log layout version (u32; ping-viewer writes 1).</summary>
    public required uint Version { get; init; }

    /// <summary>Git hash of the Ping Viewer build that wrote the log.</summary>
    public string? GitHash { get; init; }

    /// <summary>Git commit date of the Ping Viewer build (the only date in the header).</summary>
    public string? GitDate { get; init; }

    /// <summary>Git tag (application version) of the Ping Viewer build.</summary>
    public string? GitTag { get; init; }

    /// <summary>Operating system name of the recording machine.</summary>
    public string? OsName { get; init; }

    /// <summary>Operating system version of the recording machine.</summary>
    public string? OsVersion { get; init; }

    /// <summary>Sensor family (ping-viewer <c>SensorFamily</c>: 0 unknown, 1 Ping).</summary>
    public required int SensorFamily { get; init; }

    /// <summary>Sensor type within the family; for the Ping family a <see cref="PingDeviceType"/> value.</summary>
    public required int SensorType { get; init; }

    /// <summary>
    /// True when the strings are UTF-8 (as ping-viewer's Python example encoder writes them) rather than Qt's
    /// UTF-16BE QString serialisation.
    /// </summary>
    public bool Utf8Strings { get; init; }

    /// <summary>Number of bytes the header occupies; the first record starts here.</summary>
    public required int Length { get; init; }
}
