using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace RovDsp.Replay.Mcap;

/// <summary>
/// Reads an MCAP file from a seekable stream. Indexed reading goes Footer → summary section (CRC-checked) → Chunk
/// Indexes, and returns messages filtered by log-time range and channel, merged across chunks in log-time order (ties
/// in file order). Files without a summary, or cut off, are read with <see cref="StreamRecords"/>; <see cref="McapRepair"/>
/// rewrites them. Every offset and length taken from the file is checked against the file's size and the reader's
/// limits before anything is allocated; problems raise <see cref="McapFormatException"/> naming the byte offset.
/// </summary>
public sealed class McapReader : IDisposable
{
    private const int FooterAndMagicLength = 9 + 20 + McapMagic.Length;
    private const int DataEndLength = 9 + 4;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly McapReaderOptions _options;
    private readonly McapChunkCodec _codec = new();
    private readonly McapBufferPool _chunkBuffers = new(64);
    private McapSummary? _summary;
    private byte[] _chunkContent = [];

    /// <summary>Reads the MCAP file in <paramref name="stream"/> (which must be readable and seekable; offset 0 is the file's start).</summary>
    /// <param name="stream">The file.</param>
    /// <param name="options">Limits and CRC checking; defaults when null.</param>
    /// <param name="leaveOpen">Leave the stream open when the reader is disposed.</param>
    public McapReader(Stream stream, McapReaderOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The stream must be readable and seekable (use McapStreamReader otherwise).", nameof(stream));
        }
        _options = options ?? new McapReaderOptions();
        _options.Validate();
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Opens the file at <paramref name="path"/> for reading.</summary>
    public static McapReader Open(string path, McapReaderOptions? options = null) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess), options);

    /// <summary>Chunk buffers allocated for leased reads (<see cref="McapReaderOptions.LeaseChunkBuffers"/>), not reused.</summary>
    internal long ChunkBuffersAllocated => _chunkBuffers.Allocated;

    /// <summary>Length of the file in bytes.</summary>
    public long Length => _stream.Length;

    /// <summary>Reads the leading magic and the Header record.</summary>
    public McapHeader ReadHeader()
    {
        Span<byte> prefix = stackalloc byte[McapMagic.Length + 9];
        if (_stream.Length < prefix.Length)
        {
            throw new McapFormatException($"file of {_stream.Length} bytes is too short for magic and Header", 0, "magic");
        }
        ReadAt(0, prefix);
        if (!prefix[..McapMagic.Length].SequenceEqual(McapMagic.Bytes))
        {
            throw new McapFormatException("not an MCAP file (bad magic)", 0, "magic");
        }
        if (prefix[McapMagic.Length] != (byte)McapOpcode.Header)
        {
            throw new McapFormatException($"first record is {McapRecordParser.Name(prefix[McapMagic.Length])}, not Header",
                McapMagic.Length, "Header");
        }
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix[(McapMagic.Length + 1)..]);
        ReadOnlyMemory<byte> content = ReadContent(McapMagic.Length, length, "Header");
        return (McapHeader)McapRecordParser.Parse((byte)McapOpcode.Header, content, McapMagic.Length)!;
    }

    /// <summary>
    /// Reads the Footer and the summary section (checking the summary CRC) once and caches it. Throws
    /// <see cref="McapFormatException"/> when the file has no footer (cut off) or no summary.
    /// </summary>
    public McapSummary ReadSummary() => _summary ??= LoadSummary();

    /// <summary>Like <see cref="ReadSummary"/>, but returns false with the reason instead of throwing.</summary>
    public bool TryReadSummary(out McapSummary? summary, out McapFormatException? problem)
    {
        try
        {
            summary = ReadSummary();
            problem = null;
            return true;
        }
        catch (McapFormatException e)
        {
            summary = null;
            problem = e;
            return false;
        }
    }

    /// <summary>
    /// Messages with log time in [<paramref name="startTime"/>, <paramref name="endTime"/>] (inclusive) on the given
    /// channels (all when null), in log-time order, read through the chunk indexes. Chunks are decompressed lazily, one
    /// at a time plus those overlapping in time. A file whose summary has no chunk indexes (unchunked) is scanned.
    /// </summary>
    public IEnumerable<McapMessage> ReadMessages(ulong startTime = 0, ulong endTime = ulong.MaxValue, IReadOnlySet<ushort>? channelIds = null)
    {
        if (startTime > endTime)
        {
            throw new ArgumentException($"startTime {startTime} is after endTime {endTime}.", nameof(startTime));
        }
        McapSummary summary = ReadSummary();
        if (summary.ChunkIndexes.Count == 0)
        {
            return ScanMessages(startTime, endTime, channelIds);
        }
        var chunks = new List<McapChunkIndex>();
        foreach (McapChunkIndex index in summary.ChunkIndexes)
        {
            if (index.MessageEndTime < startTime || index.MessageStartTime > endTime)
            {
                continue;
            }
            if (channelIds is not null && index.MessageIndexOffsets.Count > 0 && !AnyKey(index.MessageIndexOffsets, channelIds))
            {
                continue;
            }
            chunks.Add(index);
        }
        chunks.Sort(static (a, b) => a.MessageStartTime != b.MessageStartTime
            ? a.MessageStartTime.CompareTo(b.MessageStartTime)
            : a.ChunkStartOffset.CompareTo(b.ChunkStartOffset));
        return MergeChunks(chunks, startTime, endTime, channelIds);
    }

    /// <summary>Reads the Metadata record that <paramref name="index"/> points to.</summary>
    public McapMetadata ReadMetadata(McapMetadataIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        ReadOnlyMemory<byte> content = ReadRecordAt(index.Offset, index.Length, McapOpcode.Metadata);
        return (McapMetadata)McapRecordParser.Parse((byte)McapOpcode.Metadata, content, (long)index.Offset)!;
    }

    /// <summary>Reads the Attachment record that <paramref name="index"/> points to, checking its CRC.</summary>
    public McapAttachment ReadAttachment(McapAttachmentIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        ReadOnlyMemory<byte> content = ReadRecordAt(index.Offset, index.Length, McapOpcode.Attachment);
        var attachment = (McapAttachment)McapRecordParser.Parse((byte)McapOpcode.Attachment, content, (long)index.Offset)!;
        if (_options.ValidateCrcs && attachment.Crc != 0)
        {
            uint actual = Crc32.HashToUInt32(content.Span[..^4]);
            if (actual != attachment.Crc)
            {
                throw new McapFormatException(
                    $"attachment CRC mismatch: bytes hash to 0x{actual:X8}, record says 0x{attachment.Crc:X8}", (long)index.Offset, "Attachment");
            }
        }
        return attachment;
    }

    /// <summary>
    /// Checks the data section CRC stored in Data End against the bytes from the file's start to Data End. Returns
    /// false when the file stores no data section CRC (0); throws <see cref="McapFormatException"/> on a mismatch.
    /// </summary>
    public bool VerifyDataSectionCrc()
    {
        McapSummary summary = ReadSummary();
        if (summary.DataEnd is null || summary.DataEnd.DataSectionCrc == 0)
        {
            return false;
        }
        var crc = new Crc32();
        byte[] buffer = new byte[1 << 16];
        _stream.Position = 0;
        long left = summary.DataEndOffset;
        while (left > 0)
        {
            int n = _stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0)
            {
                throw new McapFormatException("file ends inside the data section", _stream.Position, "data section");
            }
            crc.Append(buffer.AsSpan(0, n));
            left -= n;
        }
        uint actual = crc.GetCurrentHashAsUInt32();
        if (actual != summary.DataEnd.DataSectionCrc)
        {
            throw new McapFormatException(
                $"data section CRC mismatch: bytes hash to 0x{actual:X8}, Data End says 0x{summary.DataEnd.DataSectionCrc:X8}",
                summary.DataEndOffset, "DataEnd");
        }
        return true;
    }

    /// <summary>
    /// A sequential reader over the whole file from offset 0 (no summary needed). In recover mode it stops at damage
    /// instead of throwing; see <see cref="McapStreamReader"/>. It shares this reader's stream: finish enumerating it
    /// before calling other methods of this reader.
    /// </summary>
    public McapStreamReader StreamRecords(bool recover = false)
    {
        _stream.Position = 0;
        return new McapStreamReader(_stream, _options, recover);
    }

    /// <summary>Disposes the codec and the stream unless it was left open.</summary>
    public void Dispose()
    {
        _codec.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private McapSummary LoadSummary()
    {
        McapHeader header = ReadHeader();
        long size = _stream.Length;
        long footerOffset = size - FooterAndMagicLength;
        if (footerOffset < McapMagic.Length + 9)
        {
            throw new McapFormatException($"file of {size} bytes is too short for a Footer", size, "Footer");
        }
        Span<byte> tail = stackalloc byte[FooterAndMagicLength];
        ReadAt(footerOffset, tail);
        if (!tail[^McapMagic.Length..].SequenceEqual(McapMagic.Bytes))
        {
            throw new McapFormatException("no closing magic: the file is cut off or not finished",
                size - McapMagic.Length, "magic");
        }
        if (tail[0] != (byte)McapOpcode.Footer || BinaryPrimitives.ReadUInt64LittleEndian(tail[1..]) != 20)
        {
            throw new McapFormatException("no Footer record before the closing magic", footerOffset, "Footer");
        }
        var footer = new McapFooter(
            BinaryPrimitives.ReadUInt64LittleEndian(tail[9..]),
            BinaryPrimitives.ReadUInt64LittleEndian(tail[17..]),
            BinaryPrimitives.ReadUInt32LittleEndian(tail[25..]));
        if (footer.SummaryStart == 0)
        {
            throw new McapFormatException("the file has no summary section (not indexed; use StreamRecords)", footerOffset, "Footer");
        }
        if (footer.SummaryStart < McapMagic.Length + 9 || footer.SummaryStart > (ulong)footerOffset)
        {
            throw new McapFormatException($"summary_start {footer.SummaryStart} lies outside the file", footerOffset, "Footer");
        }
        if (footer.SummaryOffsetStart != 0
            && (footer.SummaryOffsetStart < footer.SummaryStart || footer.SummaryOffsetStart > (ulong)footerOffset))
        {
            throw new McapFormatException(
                $"summary_offset_start {footer.SummaryOffsetStart} lies outside the summary", footerOffset, "Footer");
        }
        long summaryStart = (long)footer.SummaryStart;
        long summaryLength = footerOffset - summaryStart;
        if (summaryLength > _options.MaxRecordSize)
        {
            throw new McapFormatException(
                $"summary section of {summaryLength} bytes exceeds the reader's limit", summaryStart, "summary");
        }
        byte[] summaryBytes = new byte[summaryLength];
        ReadAt(summaryStart, summaryBytes);
        if (_options.ValidateCrcs && footer.SummaryCrc != 0)
        {
            var crc = new Crc32();
            crc.Append(summaryBytes);
            crc.Append(tail[..25]);
            uint actual = crc.GetCurrentHashAsUInt32();
            if (actual != footer.SummaryCrc)
            {
                throw new McapFormatException(
                    $"summary CRC mismatch: bytes hash to 0x{actual:X8}, Footer says 0x{footer.SummaryCrc:X8}", footerOffset, "Footer");
            }
        }

        var schemas = new Dictionary<ushort, McapSchema>();
        var channels = new Dictionary<ushort, McapChannel>();
        var chunkIndexes = new List<McapChunkIndex>();
        var attachmentIndexes = new List<McapAttachmentIndex>();
        var metadataIndexes = new List<McapMetadataIndex>();
        var summaryOffsets = new Dictionary<byte, McapSummaryOffset>();
        McapStatistics? statistics = null;
        int position = 0;
        while (position < summaryBytes.Length)
        {
            long recordOffset = summaryStart + position;
            if (summaryBytes.Length - position < 9)
            {
                throw new McapFormatException("truncated record header in the summary", recordOffset, "summary");
            }
            byte opcode = summaryBytes[position];
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(summaryBytes.AsSpan(position + 1));
            string name = McapRecordParser.Name(opcode);
            if (length > (ulong)(summaryBytes.Length - position - 9))
            {
                throw new McapFormatException(
                    $"content length {length} runs past the summary section", recordOffset, name);
            }
            McapRecord? record = opcode == 0
                ? throw new McapFormatException("opcode 0x00 is not valid", recordOffset, name)
                : McapRecordParser.Parse(opcode, summaryBytes.AsMemory(position + 9, (int)length), recordOffset);
            switch (record)
            {
                case McapSchema schema when schema.Id != 0:
                    schemas[schema.Id] = schema;
                    break;
                case McapChannel channel:
                    channels[channel.Id] = channel;
                    break;
                case McapChunkIndex chunkIndex:
                    chunkIndexes.Add(chunkIndex);
                    break;
                case McapAttachmentIndex attachmentIndex:
                    attachmentIndexes.Add(attachmentIndex);
                    break;
                case McapMetadataIndex metadataIndex:
                    metadataIndexes.Add(metadataIndex);
                    break;
                case McapStatistics stats:
                    statistics = statistics is null
                        ? stats
                        : throw new McapFormatException("more than one Statistics record", recordOffset, name);
                    break;
                case McapSummaryOffset offset:
                    summaryOffsets[offset.GroupOpcode] = offset;
                    break;
                default:
                    // Other records (and unknown opcodes) are not expected in the summary: skipped.
                    break;
            }
            position += 9 + (int)length;
        }

        McapDataEnd? dataEnd = null;
        long dataEndOffset = summaryStart - DataEndLength;
        if (dataEndOffset >= McapMagic.Length)
        {
            Span<byte> dataEndBytes = stackalloc byte[DataEndLength];
            ReadAt(dataEndOffset, dataEndBytes);
            if (dataEndBytes[0] == (byte)McapOpcode.DataEnd && BinaryPrimitives.ReadUInt64LittleEndian(dataEndBytes[1..]) == 4)
            {
                dataEnd = new McapDataEnd(BinaryPrimitives.ReadUInt32LittleEndian(dataEndBytes[9..]));
            }
        }
        return new McapSummary
        {
            Header = header,
            Footer = footer,
            Schemas = schemas,
            Channels = channels,
            Statistics = statistics,
            ChunkIndexes = chunkIndexes,
            AttachmentIndexes = attachmentIndexes,
            MetadataIndexes = metadataIndexes,
            SummaryOffsets = summaryOffsets,
            DataEnd = dataEnd,
            DataEndOffset = dataEnd is null ? -1 : dataEndOffset,
        };
    }

    private IEnumerable<McapMessage> MergeChunks(List<McapChunkIndex> chunks, ulong startTime, ulong endTime, IReadOnlySet<ushort>? channelIds)
    {
        // Merge by (log time, chunk order, position in chunk). A chunk is loaded once no pending message is earlier
        // than its start time, so every message yielded is earlier than (or tied with, in file order) anything unread.
        var pending = new PriorityQueue<McapMessage, (ulong LogTime, int Chunk, int Index)>();
        int next = 0;
        while (true)
        {
            while (next < chunks.Count
                   && (pending.Count == 0 || (pending.TryPeek(out _, out var top) && chunks[next].MessageStartTime <= top.LogTime)))
            {
                LoadChunk(chunks[next], next, startTime, endTime, channelIds, pending);
                next++;
            }
            if (pending.Count == 0)
            {
                yield break;
            }
            yield return pending.Dequeue();
        }
    }

    private void LoadChunk(McapChunkIndex index, int order, ulong startTime, ulong endTime, IReadOnlySet<ushort>? channelIds,
        PriorityQueue<McapMessage, (ulong, int, int)> pending)
    {
        ReadOnlyMemory<byte> content = ReadRecordAt(index.ChunkStartOffset, index.ChunkLength, McapOpcode.Chunk, reuse: true);
        var pool = _options.LeaseChunkBuffers ? _chunkBuffers : null;
        ReadOnlyMemory<byte> records = McapChunkDecoder.Decode(content, (long)index.ChunkStartOffset, _codec, _options, out _, pool);
        McapChunkLease? lease = null;
        if (pool is not null && MemoryMarshal.TryGetArray(records, out ArraySegment<byte> rented))
        {
            lease = new McapChunkLease(pool, rented.Array!);
        }
        var parsed = new List<McapRecord>();
        McapChunkDecoder.ParseRecords(records, (long)index.ChunkStartOffset, parsed, lease);
        int enqueued = 0;
        for (int i = 0; i < parsed.Count; i++)
        {
            if (parsed[i] is McapMessage message && message.LogTime >= startTime && message.LogTime <= endTime
                && (channelIds is null || channelIds.Contains(message.ChannelId)))
            {
                pending.Enqueue(message, (message.LogTime, order, i));
                enqueued++;
            }
        }
        // Set before any of them is handed out (the caller dequeues after this returns); none: back to the pool now.
        lease?.Hold(enqueued);
    }

    private IEnumerable<McapMessage> ScanMessages(ulong startTime, ulong endTime, IReadOnlySet<ushort>? channelIds)
    {
        var found = new List<(McapMessage Message, int Order)>();
        foreach (McapMessage message in StreamRecords().ReadMessages())
        {
            if (message.LogTime >= startTime && message.LogTime <= endTime
                && (channelIds is null || channelIds.Contains(message.ChannelId)))
            {
                found.Add((message, found.Count));
            }
        }
        found.Sort(static (a, b) => a.Message.LogTime != b.Message.LogTime
            ? a.Message.LogTime.CompareTo(b.Message.LogTime)
            : a.Order.CompareTo(b.Order));
        var result = new McapMessage[found.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = found[i].Message;
        }
        return result;
    }

    private static bool AnyKey(IReadOnlyDictionary<ushort, ulong> map, IReadOnlySet<ushort> keys)
    {
        foreach (ushort key in keys)
        {
            if (map.ContainsKey(key))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads a whole record of known offset and length, checking both against the file and the opcode.</summary>
    private ReadOnlyMemory<byte> ReadRecordAt(ulong offset, ulong length, McapOpcode expected, bool reuse = false)
    {
        string name = expected.ToString();
        if (length < 9 || offset > (ulong)_stream.Length || length > (ulong)_stream.Length - offset)
        {
            throw new McapFormatException(
                $"index points at {length} bytes at offset {offset}, outside the {_stream.Length}-byte file", (long)Math.Min(offset, long.MaxValue), name);
        }
        Span<byte> head = stackalloc byte[9];
        ReadAt((long)offset, head);
        if (head[0] != (byte)expected)
        {
            throw new McapFormatException($"expected {name}, found {McapRecordParser.Name(head[0])}", (long)offset, name);
        }
        ulong contentLength = BinaryPrimitives.ReadUInt64LittleEndian(head[1..]);
        if (contentLength != length - 9)
        {
            throw new McapFormatException(
                $"record content length {contentLength} disagrees with the index's {length - 9}", (long)offset, name);
        }
        return ReadContent((long)offset, contentLength, name, reuse);
    }

    /// <summary>Reads a record's content; with <paramref name="reuse"/> into a buffer reused for every chunk.</summary>
    private ReadOnlyMemory<byte> ReadContent(long recordOffset, ulong contentLength, string name, bool reuse = false)
    {
        long contentOffset = recordOffset + 9;
        if (contentLength > (ulong)_options.MaxRecordSize || contentLength > (ulong)Math.Max(0, _stream.Length - contentOffset))
        {
            throw new McapFormatException(
                $"content length {contentLength} exceeds the file or the reader's limit", recordOffset, name);
        }
        int length = (int)contentLength;
        byte[] content = !reuse ? GC.AllocateUninitializedArray<byte>(length)
            : _chunkContent.Length >= length ? _chunkContent : (_chunkContent = GC.AllocateUninitializedArray<byte>(length));
        ReadAt(contentOffset, content.AsSpan(0, length));
        return content.AsMemory(0, length);
    }

    private void ReadAt(long offset, Span<byte> buffer)
    {
        _stream.Position = offset;
        int total = 0;
        while (total < buffer.Length)
        {
            int n = _stream.Read(buffer[total..]);
            if (n == 0)
            {
                throw new McapFormatException($"file ends after {offset + total} bytes, {buffer.Length - total} more expected", offset + total, "read");
            }
            total += n;
        }
    }
}
