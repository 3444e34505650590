using System.Buffers.Binary;
using System.Text;

namespace RovDsp.Replay.Mcap;

/// <summary>
/// Bounds-checked little-endian reader of one record's content. Every length prefix is checked against the bytes
/// left in the record before anything is sliced or allocated, so a corrupt length can only raise
/// <see cref="McapFormatException"/>.
/// </summary>
internal struct McapFieldReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlyMemory<byte> _content;
    private readonly long _fileOffset;
    private readonly string _record;
    private int _position;

    /// <summary>Reads <paramref name="content"/>, the content of record <paramref name="record"/> found at <paramref name="fileOffset"/>.</summary>
    public McapFieldReader(ReadOnlyMemory<byte> content, long fileOffset, string record)
    {
        _content = content;
        _fileOffset = fileOffset;
        _record = record;
        _position = 0;
    }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _content.Length - _position;

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw new McapFormatException(
                $"field '{field}' needs {count} bytes but only {Remaining} remain in the record content", _fileOffset, _record);
        }
        ReadOnlySpan<byte> span = _content.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Reads one byte.</summary>
    public byte U8(string field) => Take(1, field)[0];

    /// <summary>Reads a uint16.</summary>
    public ushort U16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));

    /// <summary>Reads a uint32.</summary>
    public uint U32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    /// <summary>Reads a uint64.</summary>
    public ulong U64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    private int Length(ulong length, string field)
    {
        if (length > (ulong)Remaining)
        {
            throw new McapFormatException(
                $"length {length} of field '{field}' exceeds the {Remaining} bytes left in the record", _fileOffset, _record);
        }
        return (int)length;
    }

    /// <summary>Reads a uint32-length-prefixed UTF-8 string (invalid UTF-8 is a format error).</summary>
    public string String(string field)
    {
        int length = Length(U32(field), field);
        ReadOnlySpan<byte> bytes = Take(length, field);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new McapFormatException($"field '{field}' is not valid UTF-8", _fileOffset, _record, e);
        }
    }

    /// <summary>Reads a uint32-length-prefixed byte field, as a slice of the content (no copy).</summary>
    public ReadOnlyMemory<byte> Bytes32(string field)
    {
        int length = Length(U32(field), field);
        ReadOnlyMemory<byte> slice = _content.Slice(_position, length);
        _position += length;
        return slice;
    }

    /// <summary>Reads a uint64-length-prefixed byte field, as a slice of the content (no copy).</summary>
    public ReadOnlyMemory<byte> Bytes64(string field)
    {
        int length = Length(U64(field), field);
        ReadOnlyMemory<byte> slice = _content.Slice(_position, length);
        _position += length;
        return slice;
    }

    /// <summary>Reads the rest of the content (no copy).</summary>
    public ReadOnlyMemory<byte> Rest()
    {
        ReadOnlyMemory<byte> slice = _content[_position..];
        _position = _content.Length;
        return slice;
    }

    /// <summary>Reads a Map&lt;string, string&gt; (uint32 byte length, then key/value strings).</summary>
    public Dictionary<string, string> StringMap(string field)
    {
        int length = Length(U32(field), field);
        var inner = new McapFieldReader(_content.Slice(_position, length), _fileOffset, _record);
        _position += length;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (inner.Remaining > 0)
        {
            string key = inner.String(field + ".key");
            map[key] = inner.String(field + ".value");
        }
        return map;
    }

    /// <summary>Reads a Map&lt;uint16, uint64&gt; (uint32 byte length, then 10-byte entries).</summary>
    public Dictionary<ushort, ulong> U16U64Map(string field)
    {
        int length = Length(U32(field), field);
        if (length % 10 != 0)
        {
            throw new McapFormatException($"map '{field}' length {length} is not a multiple of 10", _fileOffset, _record);
        }
        var inner = new McapFieldReader(_content.Slice(_position, length), _fileOffset, _record);
        _position += length;
        var map = new Dictionary<ushort, ulong>(length / 10);
        while (inner.Remaining > 0)
        {
            ushort key = inner.U16(field + ".key");
            map[key] = inner.U64(field + ".value");
        }
        return map;
    }

    /// <summary>Reads an Array&lt;Tuple&lt;uint64, uint64&gt;&gt; (uint32 byte length, then 16-byte entries).</summary>
    public McapMessageIndexEntry[] IndexEntries(string field)
    {
        int length = Length(U32(field), field);
        if (length % 16 != 0)
        {
            throw new McapFormatException($"array '{field}' length {length} is not a multiple of 16", _fileOffset, _record);
        }
        var inner = new McapFieldReader(_content.Slice(_position, length), _fileOffset, _record);
        _position += length;
        var entries = new McapMessageIndexEntry[length / 16];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = new McapMessageIndexEntry(inner.U64(field + ".log_time"), inner.U64(field + ".offset"));
        }
        return entries;
    }
}
