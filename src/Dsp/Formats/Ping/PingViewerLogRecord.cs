namespace RovDsp.Dsp.Formats.Ping;

/// <summary>One record of a Ping Viewer log: a timestamp and a raw chunk of bytes read from the device link.</summary>
/// <param name="Index">Zero-based record number.</param>
/// <param name="Offset">Byte offset of the record (its timestamp string) in the log.</param>
/// <param name="TimestampText">The timestamp string as stored (null for a null QString).</param>
/// <param name="Timestamp">Time since the start of recording, or null when the text is not "hh:mm:ss.zzz".</param>
/// <param name="Chunk">The raw link bytes; not necessarily one whole Ping message.</param>
public readonly record struct PingViewerLogRecord(
    int Index,
    long Offset,
    string? TimestampText,
    TimeSpan? Timestamp,
    ReadOnlyMemory<byte> Chunk);
