namespace RovDsp.Replay.Recording;

/// <summary>What <see cref="RecordingImporter"/> wrote.</summary>
/// <param name="Format">The input's format.</param>
/// <param name="Topic">The raw topic written.</param>
/// <param name="Messages">Messages written.</param>
/// <param name="Skipped">Input items that could not be converted (pings without two equal channels, non-ping
/// Oculus messages, Ping frames without a timestamp).</param>
/// <param name="FirstTimeNs">First message time, ns (0 without messages).</param>
/// <param name="LastTimeNs">Last message time, ns (0 without messages).</param>
public sealed record ImportResult(ImportFormat Format, string Topic, long Messages, long Skipped, long FirstTimeNs, long LastTimeNs)
{
    /// <summary>Records cut off by the end of the file (it was still being written or was copied short): their data is
    /// not imported. At most one per file for the formats read here, since a cut ends the file.</summary>
    public long TruncatedRecords { get; init; }

    /// <summary>Where the times came from, in words ("the XTF ping times", "--start", "the log's file name ..."); null
    /// when the file holds no date and no start was given, so the data begins at 1970-01-01T00:00:00Z.</summary>
    public string? StartTimeSource { get; init; }
}
