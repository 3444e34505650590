namespace RovDsp.Replay.Recording;

/// <summary>Recording formats <see cref="RecordingImporter"/> reads.</summary>
public enum ImportFormat
{
    /// <summary>eXtended Triton Format side-scan (.xtf).</summary>
    Xtf,

    /// <summary>A raw Blueprint Oculus network stream (.raw): messages back to back.</summary>
    Oculus,

    /// <summary>A Blue Robotics Ping Viewer sensor log (.bin).</summary>
    PingViewer,
}
