using System.Buffers.Binary;
using System.Text;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Reads a Blue Robotics Ping Viewer sensor log (<c>.bin</c>) from memory: the header, the (timestamp, raw
/// link chunk) records, and the Ping messages found by running the concatenated chunks through
/// <see cref="PingFrameParser"/>.
/// </summary>
/// <remarks>
/// Layout (bluerobotics/ping-viewer): the file is a Qt <c>QDataStream</c> (big-endian). src/link/filelink.cpp
/// line 37 writes the <c>LogSensorStruct</c> header, whose fields are listed in src/link/logsensorstruct.cpp
/// lines 6-22: QString magic, uint version, five QStrings (git hash, git date, git tag, OS name, OS version),
/// int sensor family (src/link/sensorinfo.cpp line 23) and int sensor type. Lines 42-44 then write, per link
/// read, a QString time formatted "hh:mm:ss.zzz" (src/link/abstractlink.cpp line 6) and a QByteArray of the
/// bytes read. A QString is a u32 byte length then UTF-16BE code units (0xFFFFFFFF: null string); a QByteArray
/// is a u32 length then the bytes (0xFFFFFFFF: null). A record cut off by the end of the data ends the log
/// (the file was still being written) and sets <see cref="Truncated"/>.
/// ping-viewer's own Python examples (examples/encode_sensor_binary_log.py, decode_sensor_binary_log.py) write
/// and read the strings as UTF-8 instead, so a log whose magic decodes as UTF-8 has all its strings read as
/// UTF-8 (<see cref="PingViewerLogHeader.Utf8Strings"/>).
/// </remarks>
public sealed class PingViewerLogReader
{
    /// <summary>The magic string every valid log starts with (logsensorstruct.h <c>_validHeader</c>).</summary>
    public const string Magic = "PingViewer sensor log file";

    /// <summary>Highest log version this reader understands (logsensorstruct.h <c>_actualVersion</c>).</summary>
    public const uint SupportedVersion = 1;

    /// <summary>Longest header string accepted, in bytes; real values are short names and versions.</summary>
    public const int MaxHeaderStringBytes = 4096;

    /// <summary>Longest timestamp string accepted, in bytes ("hh:mm:ss.zzz" is 24).</summary>
    public const int MaxTimestampBytes = 256;

    private const uint NullLength = 0xFFFFFFFF;

    private readonly ReadOnlyMemory<byte> _data;
    private readonly Encoding _encoding;
    private bool _scanned;
    private bool _truncated;
    private int _recordCount;
    private int _badTimestamps;

    /// <summary>Parses the header of <paramref name="data"/>; the records are read lazily.</summary>
    /// <param name="data">The whole log file content.</param>
    /// <exception cref="PingViewerLogFormatException">The header is malformed, truncated, or of an unknown version.</exception>
    public PingViewerLogReader(ReadOnlyMemory<byte> data)
    {
        _data = data;
        ReadOnlySpan<byte> span = data.Span;
        int pos = 0;
        _encoding = Encoding.BigEndianUnicode;
        string? magic = ReadHeaderString(span, ref pos, _encoding, allowOdd: true);
        if (magic != Magic)
        {
            pos = 0;
            _encoding = Encoding.UTF8;
            magic = ReadHeaderString(span, ref pos, _encoding, allowOdd: true);
            if (magic != Magic)
            {
                throw new PingViewerLogFormatException("Not a Ping Viewer sensor log: wrong magic string", 0);
            }
        }

        bool utf8 = ReferenceEquals(_encoding, Encoding.UTF8);

        int versionOffset = pos;
        uint version = ReadHeaderU32(span, ref pos);
        if (version == 0 || version > SupportedVersion)
        {
            throw new PingViewerLogFormatException($"Unsupported Ping Viewer log version {version}", versionOffset);
        }

        string? hash = ReadHeaderString(span, ref pos, _encoding, utf8);
        string? date = ReadHeaderString(span, ref pos, _encoding, utf8);
        string? tag = ReadHeaderString(span, ref pos, _encoding, utf8);
        string? osName = ReadHeaderString(span, ref pos, _encoding, utf8);
        string? osVersion = ReadHeaderString(span, ref pos, _encoding, utf8);
        int family = unchecked((int)ReadHeaderU32(span, ref pos));
        int type = unchecked((int)ReadHeaderU32(span, ref pos));
        Header = new PingViewerLogHeader
        {
            Magic = magic,
            Version = version,
            GitHash = hash,
            GitDate = date,
            GitTag = tag,
            OsName = osName,
            OsVersion = osVersion,
            SensorFamily = family,
            SensorType = type,
            Length = pos,
            Utf8Strings = utf8,
        };
    }

    /// <summary>The parsed header.</summary>
    public PingViewerLogHeader Header { get; }

    /// <summary>True when the last record is cut off by the end of the data (scans the records on first use).</summary>
    /// <exception cref="PingViewerLogFormatException">A record is malformed.</exception>
    public bool Truncated
    {
        get
        {
            Scan();
            return _truncated;
        }
    }

    /// <summary>Number of complete records (scans the records on first use).</summary>
    /// <exception cref="PingViewerLogFormatException">A record is malformed.</exception>
    public int RecordCount
    {
        get
        {
            Scan();
            return _recordCount;
        }
    }

    /// <summary>Number of complete records whose timestamp is null, empty or not "hh:mm:ss.zzz" (scans on first use).</summary>
    /// <exception cref="PingViewerLogFormatException">A record is malformed.</exception>
    public int BadTimestampRecords
    {
        get
        {
            Scan();
            return _badTimestamps;
        }
    }

    /// <summary>Enumerates the complete records in file order; a truncated last record is not returned.</summary>
    /// <returns>The records; each chunk is a slice of the input memory.</returns>
    /// <exception cref="PingViewerLogFormatException">A record is malformed (odd or absurd timestamp length).</exception>
    public IEnumerable<PingViewerLogRecord> Records()
    {
        int pos = Header.Length;
        int index = 0;
        while (TryReadRecord(ref pos, index, out PingViewerLogRecord record, out _))
        {
            yield return record;
            index++;
        }
    }

    /// <summary>
    /// Feeds the records' chunks in order through a fresh <see cref="PingFrameParser"/> and yields every valid
    /// frame, stamped with the record whose bytes completed it. Garbage and corrupt frames are skipped (see
    /// <paramref name="parser"/>'s counters).
    /// </summary>
    /// <param name="parser">Parser to use (it is <see cref="PingFrameParser.Reset"/> first); null for a new one.</param>
    /// <returns>The decoded messages with copied payloads.</returns>
    /// <exception cref="PingViewerLogFormatException">A record is malformed.</exception>
    public IEnumerable<PingViewerLogMessage> Messages(PingFrameParser? parser = null)
    {
        parser ??= new PingFrameParser();
        parser.Reset();
        var pending = new List<PingViewerLogMessage>();
        foreach (PingViewerLogRecord record in Records())
        {
            pending.Clear();
            parser.Process(record.Chunk.Span, frame => pending.Add(new PingViewerLogMessage(
                record.Index,
                record.Timestamp,
                frame.MessageId,
                frame.SourceId,
                frame.DestinationId,
                frame.Payload.ToArray())));
            foreach (PingViewerLogMessage message in pending)
            {
                yield return message;
            }
        }
    }

    /// <summary>
    /// Parses a Qt "hh:mm:ss.zzz" time; digits may be any Unicode decimal digits (e.g. Arabic-Indic, written by a
    /// localized system) and are taken by numeric value.
    /// </summary>
    /// <param name="text">The timestamp text.</param>
    /// <param name="time">The time since midnight (i.e. since the start of recording).</param>
    /// <returns>True when <paramref name="text"/> has the expected shape and ranges.</returns>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out TimeSpan time)
    {
        time = default;
        Span<int> parts = stackalloc int[4];
        ReadOnlySpan<char> separators = ":::.";
        int pos = 0;
        for (int p = 0; p < 4; p++)
        {
            if (p > 0)
            {
                if (pos >= text.Length || text[pos] != separators[p])
                {
                    return false;
                }

                pos++;
            }

            int value = 0;
            int digits = 0;
            while (pos < text.Length && char.IsDigit(text[pos]) && digits < 3)
            {
                // char.IsDigit is Unicode category Nd; GetNumericValue gives 0-9 for every such digit.
                value = (value * 10) + (int)char.GetNumericValue(text[pos]);
                digits++;
                pos++;
            }

            if (digits == 0)
            {
                return false;
            }

            parts[p] = value;
        }

        if (pos != text.Length || parts[0] > 23 || parts[1] > 59 || parts[2] > 59 || parts[3] > 999)
        {
            return false;
        }

        time = new TimeSpan(0, parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    private void Scan()
    {
        if (_scanned)
        {
            return;
        }

        int pos = Header.Length;
        int index = 0;
        int bad = 0;
        bool truncated;
        while (TryReadRecord(ref pos, index, out PingViewerLogRecord record, out truncated))
        {
            if (record.Timestamp is null)
            {
                bad++;
            }

            index++;
        }

        _recordCount = index;
        _badTimestamps = bad;
        _truncated = truncated;
        _scanned = true;
    }

    // Reads the record at pos; false at the end of the data (truncated tells whether bytes were left over).
    private bool TryReadRecord(ref int pos, int index, out PingViewerLogRecord record, out bool truncated)
    {
        record = default;
        ReadOnlySpan<byte> span = _data.Span;
        int start = pos;
        int remaining = span.Length - pos;
        truncated = remaining > 0;
        if (remaining < 4)
        {
            return false;
        }

        uint textLength = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(pos));
        string? text = null;
        int p = pos + 4;
        if (textLength != NullLength)
        {
            if (textLength > MaxTimestampBytes || ((textLength & 1) != 0 && Header.Utf8Strings is false))
            {
                throw new PingViewerLogFormatException($"Absurd timestamp string length {textLength}", start);
            }

            if (span.Length - p < (int)textLength)
            {
                return false;
            }

            text = _encoding.GetString(span.Slice(p, (int)textLength));
            p += (int)textLength;
        }

        if (span.Length - p < 4)
        {
            return false;
        }

        uint chunkLength = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(p));
        p += 4;
        ReadOnlyMemory<byte> chunk = ReadOnlyMemory<byte>.Empty;
        if (chunkLength != NullLength)
        {
            // A length past the end is the file being cut off while a record was written, not corruption.
            if ((uint)(span.Length - p) < chunkLength)
            {
                return false;
            }

            chunk = _data.Slice(p, (int)chunkLength);
            p += (int)chunkLength;
        }

        TimeSpan? time = text is not null && TryParseTimestamp(text, out TimeSpan t) ? t : null;
        record = new PingViewerLogRecord(index, start, text, time, chunk);
        pos = p;
        truncated = false;
        return true;
    }

    private static uint ReadHeaderU32(ReadOnlySpan<byte> span, ref int pos)
    {
        if (span.Length - pos < 4)
        {
            throw new PingViewerLogFormatException("Ping Viewer log header is truncated", pos);
        }

        uint value = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(pos));
        pos += 4;
        return value;
    }

    private static string? ReadHeaderString(ReadOnlySpan<byte> span, ref int pos, Encoding encoding, bool allowOdd)
    {
        int start = pos;
        uint length = ReadHeaderU32(span, ref pos);
        if (length == NullLength)
        {
            return null;
        }

        if (length > MaxHeaderStringBytes || ((length & 1) != 0 && !allowOdd))
        {
            throw new PingViewerLogFormatException($"Absurd header string length {length}", start);
        }

        if (span.Length - pos < (int)length)
        {
            throw new PingViewerLogFormatException("Ping Viewer log header is truncated", start);
        }

        string value = encoding.GetString(span.Slice(pos, (int)length));
        pos += (int)length;
        return value;
    }
}
