using System.Buffers.Binary;
using System.IO.Hashing;

namespace RovDsp.Replay.Mcap;

/// <summary>
/// Reads an MCAP file front to back, record by record, without using the summary: for files still being written, files
/// without a summary, and files cut off mid-write. Chunks are reported as a <see cref="McapChunk"/> followed by the
/// records inside them (decompressed and CRC-checked as a whole before any is reported). Unknown and private opcodes
/// are skipped (counted in <see cref="SkippedRecords"/>).
/// <para>
/// Every declared length is checked against the bytes left in the stream (when it can seek) or read in bounded steps
/// (when it cannot) before memory is committed, so corrupt lengths never cause huge allocations.
/// </para>
/// <para>
/// Strict mode (default) throws <see cref="McapFormatException"/> at the first problem. Recover mode stops quietly at
/// damage to the record framing (truncation, impossible lengths), skips a chunk that does not decompress or fails its
/// CRC (listed in <see cref="DroppedChunks"/>) and goes on, and records why it stopped in <see cref="Damage"/>.
/// </para>
/// </summary>
public sealed class McapStreamReader
{
    private readonly Stream _stream;
    private readonly McapReaderOptions _options;
    private readonly bool _recover;
    private readonly Crc32 _dataCrc = new();
    private readonly Crc32 _summaryCrc = new();
    private readonly List<McapFormatException> _droppedChunks = [];
    private readonly byte[] _header = new byte[McapChunkDecoder.RecordHeaderSize];
    private readonly McapChunkCodec _codec = new();
    private byte[] _chunkContent = [];
    private long _position;
    private bool _afterDataEnd;
    private long _summaryCrcStart = -1;
    private bool _started;

    /// <summary>Reads <paramref name="stream"/> from its current position, which must be the start of the file.</summary>
    /// <param name="stream">Readable stream (seekable or not).</param>
    /// <param name="options">Limits and CRC checking; defaults when null.</param>
    /// <param name="recover">Recover mode: stop (or skip a bad chunk) instead of throwing; see the class remarks.</param>
    public McapStreamReader(Stream stream, McapReaderOptions? options = null, bool recover = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }
        _options = options ?? new McapReaderOptions();
        _options.Validate();
        _stream = stream;
        _recover = recover;
    }

    /// <summary>In recover mode: the problem that ended reading early; null when the file ended properly.</summary>
    public McapFormatException? Damage { get; private set; }

    /// <summary>In recover mode: chunks skipped because they did not decompress, parse or match their CRC.</summary>
    public IReadOnlyList<McapFormatException> DroppedChunks => _droppedChunks;

    /// <summary>Offset just past the last complete record read (the length of the file's undamaged prefix).</summary>
    public long ValidLength { get; private set; }

    /// <summary>Records with unknown or private opcodes that were skipped.</summary>
    public int SkippedRecords { get; private set; }

    /// <summary>True once the Footer and the closing magic were read.</summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>Enumerates the records (once; a second enumeration throws).</summary>
    public IEnumerable<McapRecord> ReadRecords()
    {
        if (_started)
        {
            throw new InvalidOperationException("A McapStreamReader can be enumerated only once.");
        }
        _started = true;
        return Enumerate();
    }

    /// <summary>Enumerates only the messages, in file order.</summary>
    public IEnumerable<McapMessage> ReadMessages()
    {
        foreach (McapRecord record in ReadRecords())
        {
            if (record is McapMessage message)
            {
                yield return message;
            }
        }
    }

    private IEnumerable<McapRecord> Enumerate()
    {
        var batch = new List<McapRecord>();
        try
        {
            if (!Guard(ReadLeadingMagic))
            {
                yield break;
            }
            while (true)
            {
                batch.Clear();
                bool more = Guard(() => ReadNext(batch));
                foreach (McapRecord record in batch)
                {
                    yield return record;
                }
                if (!more)
                {
                    yield break;
                }
            }
        }
        finally
        {
            _codec.Dispose();
        }
    }

    /// <summary>Runs a step; in recover mode turns a format error into <see cref="Damage"/> and returns false.</summary>
    private bool Guard(Func<bool> step)
    {
        if (!_recover)
        {
            return step();
        }
        try
        {
            return step();
        }
        catch (McapFormatException e)
        {
            Damage = e;
            return false;
        }
    }

    private bool ReadLeadingMagic()
    {
        Span<byte> magic = stackalloc byte[McapMagic.Length];
        int got = ReadFully(magic);
        if (got < McapMagic.Length || !magic.SequenceEqual(McapMagic.Bytes))
        {
            throw new McapFormatException(got < McapMagic.Length ? "file shorter than the magic" : "not an MCAP file (bad magic)", 0, "magic");
        }
        _dataCrc.Append(magic);
        ValidLength = _position;
        return true;
    }

    /// <summary>Reads one top-level record into <paramref name="batch"/>; false at the end of the file.</summary>
    private bool ReadNext(List<McapRecord> batch)
    {
        long recordOffset = _position;
        int got = ReadFully(_header);
        if (got == 0)
        {
            throw new McapFormatException("file ends without a Footer (cut off?)", recordOffset, "end of file");
        }
        if (got < _header.Length)
        {
            throw new McapFormatException($"truncated record header ({got} of 9 bytes)", recordOffset, "record header");
        }
        byte opcode = _header[0];
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(_header.AsSpan(1));
        string name = McapRecordParser.Name(opcode);
        if (opcode == 0)
        {
            throw new McapFormatException("opcode 0x00 is not valid", recordOffset, name);
        }
        if (length > (ulong)_options.MaxRecordSize)
        {
            throw new McapFormatException(
                $"content length {length} exceeds the reader's limit of {_options.MaxRecordSize} bytes", recordOffset, name);
        }
        if (_stream.CanSeek)
        {
            long left = _stream.Length - _stream.Position;
            if (length > (ulong)Math.Max(left, 0))
            {
                throw new McapFormatException(
                    $"content length {length} exceeds the {left} bytes left in the file (truncated?)", recordOffset, name);
            }
        }
        if (opcode == (byte)McapOpcode.Footer && _afterDataEnd && _summaryCrcStart >= 0)
        {
            _summaryCrc.Append(_header);
        }
        // Chunk contents go into a reused buffer: ReadChunk copies out what it keeps.
        ReadOnlyMemory<byte> content = ReadContent((int)length, recordOffset, name, reuse: opcode == (byte)McapOpcode.Chunk);
        TrackCrcs(opcode, content.Span);

        switch ((McapOpcode)opcode)
        {
            case McapOpcode.Chunk:
                ReadChunk(content, recordOffset, batch);
                break;
            case McapOpcode.DataEnd:
            {
                var dataEnd = (McapDataEnd)McapRecordParser.Parse(opcode, content, recordOffset)!;
                if (_options.ValidateCrcs && dataEnd.DataSectionCrc != 0)
                {
                    uint actual = _dataCrc.GetCurrentHashAsUInt32();
                    if (actual != dataEnd.DataSectionCrc)
                    {
                        throw new McapFormatException(
                            $"data section CRC mismatch: bytes hash to 0x{actual:X8}, Data End says 0x{dataEnd.DataSectionCrc:X8}",
                            recordOffset, name);
                    }
                }
                _afterDataEnd = true;
                _summaryCrcStart = _position;
                batch.Add(dataEnd);
                break;
            }
            case McapOpcode.Footer:
            {
                var footer = (McapFooter)McapRecordParser.Parse(opcode, content, recordOffset)!;
                CheckSummaryCrc(footer, recordOffset);
                Span<byte> magic = stackalloc byte[McapMagic.Length];
                long magicOffset = _position;
                int read = ReadFully(magic);
                if (read < McapMagic.Length || !magic.SequenceEqual(McapMagic.Bytes))
                {
                    throw new McapFormatException("Footer is not followed by the closing magic", magicOffset, "magic");
                }
                batch.Add(footer);
                ValidLength = _position;
                ReachedEnd = true;
                return false;
            }
            default:
            {
                McapRecord? record = McapRecordParser.Parse(opcode, content, recordOffset);
                if (record is null)
                {
                    SkippedRecords++;
                }
                else
                {
                    batch.Add(record);
                }
                break;
            }
        }
        ValidLength = _position;
        return true;
    }

    private void TrackCrcs(byte opcode, ReadOnlySpan<byte> content)
    {
        if (!_afterDataEnd && opcode != (byte)McapOpcode.DataEnd)
        {
            _dataCrc.Append(_header);
            _dataCrc.Append(content);
        }
        if (_afterDataEnd && opcode != (byte)McapOpcode.Footer)
        {
            _summaryCrc.Append(_header);
            _summaryCrc.Append(content);
        }
        else if (_afterDataEnd && content.Length >= 16)
        {
            // The summary CRC ends with the footer's summary_start and summary_offset_start fields.
            _summaryCrc.Append(content[..16]);
        }
    }

    private void CheckSummaryCrc(McapFooter footer, long offset)
    {
        if (!_options.ValidateCrcs || footer.SummaryCrc == 0 || footer.SummaryStart == 0 || !_afterDataEnd
            || (long)footer.SummaryStart != _summaryCrcStart)
        {
            return;
        }
        uint actual = _summaryCrc.GetCurrentHashAsUInt32();
        if (actual != footer.SummaryCrc)
        {
            throw new McapFormatException(
                $"summary CRC mismatch: bytes hash to 0x{actual:X8}, Footer says 0x{footer.SummaryCrc:X8}", offset, "Footer");
        }
    }

    private void ReadChunk(ReadOnlyMemory<byte> content, long recordOffset, List<McapRecord> batch)
    {
        var inner = new List<McapRecord>();
        McapChunk? chunk = null;
        try
        {
            ReadOnlyMemory<byte> records = McapChunkDecoder.Decode(content, recordOffset, _codec, _options, out McapChunk header);
            chunk = header;
            McapChunkDecoder.ParseRecords(records, recordOffset, inner);
        }
        catch (McapFormatException e) when (_recover)
        {
            // The chunk's framing is intact (its length was read), so the records after it can still be read.
            _droppedChunks.Add(e);
            return;
        }
        batch.Add(chunk);
        batch.AddRange(inner);
    }

    private ReadOnlyMemory<byte> ReadContent(int length, long recordOffset, string name, bool reuse)
    {
        if (_stream.CanSeek || length <= 1 << 20)
        {
            byte[] content = !reuse ? GC.AllocateUninitializedArray<byte>(length)
                : _chunkContent.Length >= length ? _chunkContent : (_chunkContent = GC.AllocateUninitializedArray<byte>(length));
            int got = ReadFully(content.AsSpan(0, length));
            if (got < length)
            {
                throw new McapFormatException($"truncated: content needs {length} bytes, file has {got}", recordOffset, name);
            }
            return content.AsMemory(0, length);
        }
        // Unseekable stream: grow as data actually arrives, so a lying length costs at most twice what was sent.
        byte[] buffer = new byte[1 << 20];
        int filled = 0;
        while (filled < length)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, length));
            }
            int got = ReadFully(buffer.AsSpan(filled, Math.Min(buffer.Length, length) - filled));
            if (got == 0)
            {
                throw new McapFormatException($"truncated: content needs {length} bytes, file has {filled}", recordOffset, name);
            }
            filled += got;
        }
        return buffer;
    }

    private int ReadFully(Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = _stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        _position += total;
        return total;
    }
}
