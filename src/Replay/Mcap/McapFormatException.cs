namespace RovDsp.Replay.Mcap;

/// <summary>
/// The bytes are not a valid MCAP file: bad magic, truncated record, CRC mismatch, impossible length. Names the byte
/// offset in the file (or in the uncompressed chunk, as stated in the message) and the record being read. A
/// <see cref="FormatException"/>, like the other format parsers' exceptions (XTF, Oculus, Ping Viewer logs).
/// </summary>
public sealed class McapFormatException : FormatException
{
    /// <summary>Creates the exception with a plain message (offset unknown: -1).</summary>
    public McapFormatException() : this("Malformed MCAP data.") { }

    /// <summary>Creates the exception with a plain message (offset unknown: -1).</summary>
    public McapFormatException(string message) : base(message) { Offset = -1; Record = string.Empty; }

    /// <summary>Creates the exception with a plain message and an inner exception (offset unknown: -1).</summary>
    public McapFormatException(string message, Exception innerException) : base(message, innerException)
    {
        Offset = -1;
        Record = string.Empty;
    }

    /// <summary>Creates the exception for a problem at <paramref name="offset"/> while reading <paramref name="record"/>.</summary>
    public McapFormatException(string message, long offset, string record, Exception? innerException = null)
        : base($"MCAP: {message} (record {record}, at byte offset {offset})", innerException)
    {
        Offset = offset;
        Record = record;
    }

    /// <summary>Byte offset from the start of the file where the problem was found; -1 when unknown.</summary>
    public long Offset { get; }

    /// <summary>Name of the record (or structure, e.g. "magic") being read.</summary>
    public string Record { get; }
}
