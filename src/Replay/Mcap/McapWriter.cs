using System.IO.Hashing;

namespace RovDsp.Replay.Mcap;

/// <summary>
/// Writes an MCAP file (mcap.dev specification) to a stream: magic, Header, Schema/Channel records, messages in
/// chunks (compressed none/lz4/zstd, with uncompressed CRC and a Message Index per channel after each chunk) or
/// directly in the data section, Metadata and Attachments, then on <see cref="Close"/> Data End (with the data
/// section CRC), the summary section (Schemas, Channels, Statistics, Chunk/Attachment/Metadata Indexes, each group
/// contiguous), Summary Offsets, Footer (with the summary CRC) and the closing magic. The stream need not be seekable:
/// offsets are counted as bytes are written.
/// <para>
/// Schema and Channel records go straight into the data section (not into chunks), so a file cut off mid-chunk still
/// defines every channel whose messages survive. Writing a message copies it into a reused chunk buffer: nothing is
/// allocated per message in steady state; closing a chunk allocates only its summary entry (and LZ4's encoder state).
/// </para>
/// </summary>
public sealed class McapWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly McapWriterOptions _options;
    private readonly McapChunkCodec _codec;
    private readonly McapByteBuffer _scratch = new(4096);
    private readonly McapByteBuffer _chunk;
    private readonly McapByteBuffer _compressed;
    private readonly Crc32 _dataCrc = new();
    private readonly Crc32 _summaryCrc = new();
    private readonly Dictionary<ushort, McapSchema> _schemas = [];
    private readonly List<McapSchema> _schemaOrder = [];
    private readonly Dictionary<ushort, McapChannelState> _channels = [];
    private readonly List<McapChannelState> _channelOrder = [];
    private readonly List<McapChannelState> _chunkChannels = [];
    private readonly List<McapChunkIndex> _chunkIndexes = [];
    private readonly List<McapAttachmentIndex> _attachmentIndexes = [];
    private readonly List<McapMetadataIndex> _metadataIndexes = [];
    private bool _dataEnded;
    private bool _inSummary;
    private bool _closed;
    private ulong _messageCount;
    private ulong _startTime = ulong.MaxValue;
    private ulong _endTime;
    private ulong _chunkStart = ulong.MaxValue;
    private ulong _chunkEnd;
    private int _chunkMessages;
    private ushort _nextSchemaId = 1;
    private ushort _nextChannelId;

    /// <summary>Starts an MCAP file on <paramref name="stream"/>: writes the magic and the Header at once.</summary>
    /// <param name="stream">Writable output stream, positioned where the file starts.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="leaveOpen">Leave <paramref name="stream"/> open when the writer is disposed.</param>
    public McapWriter(Stream stream, McapWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }
        _options = options ?? new McapWriterOptions();
        ArgumentNullException.ThrowIfNull(_options.Profile, nameof(options) + "." + nameof(McapWriterOptions.Profile));
        ArgumentNullException.ThrowIfNull(_options.Library, nameof(options) + "." + nameof(McapWriterOptions.Library));
        if (_options.ChunkSize < 1)
        {
            throw new ArgumentException(
                $"{nameof(McapWriterOptions.ChunkSize)} must be at least 1 byte, got {_options.ChunkSize}.", nameof(options));
        }
        if (_options.ZstdLevel is < 1 or > 22)
        {
            throw new ArgumentException(
                $"{nameof(McapWriterOptions.ZstdLevel)} must be 1..22, got {_options.ZstdLevel}.", nameof(options));
        }
        if (!Enum.IsDefined(_options.Compression))
        {
            throw new ArgumentException(
                $"{nameof(McapWriterOptions.Compression)} {_options.Compression} is not a known compression.", nameof(options));
        }
        _stream = stream;
        _leaveOpen = leaveOpen;
        _codec = new McapChunkCodec(_options.ZstdLevel);
        int initial = _options.UseChunks ? Math.Min(_options.ChunkSize, 64 * 1024 * 1024) + 1024 : 64;
        _chunk = new McapByteBuffer(initial);
        // Sized for the worst case of a full chunk, so compressing never regrows it.
        _compressed = new McapByteBuffer(_options.Compression switch
        {
            McapCompression.Lz4 => McapLz4Frame.MaxEncodedLength(initial),
            McapCompression.Zstd => ZstdSharp.Compressor.GetCompressBound(initial),
            _ => 64,
        });

        Emit(McapMagic.Bytes);
        _scratch.Clear();
        int at = _scratch.BeginRecord(McapOpcode.Header);
        _scratch.String(_options.Profile);
        _scratch.String(_options.Library);
        _scratch.EndRecord(at);
        Emit(_scratch.Written);
    }

    /// <summary>Bytes written so far (the file offset of the next record).</summary>
    public long Position { get; private set; }

    /// <summary>Messages written so far.</summary>
    public ulong MessageCount => _messageCount;

    /// <summary>Chunks written so far.</summary>
    public int ChunkCount => _chunkIndexes.Count;

    /// <summary>Adds a schema with the next free id and returns the id.</summary>
    /// <param name="name">Schema name (e.g. the message type).</param>
    /// <param name="encoding">Schema encoding (e.g. "jsonschema"); empty for none.</param>
    /// <param name="data">Schema text or bytes.</param>
    public ushort RegisterSchema(string name, string encoding, ReadOnlySpan<byte> data)
    {
        while (_schemas.ContainsKey(_nextSchemaId))
        {
            _nextSchemaId++;
        }
        ushort id = _nextSchemaId;
        WriteSchema(new McapSchema(id, name, encoding, data.ToArray()));
        return id;
    }

    /// <summary>
    /// Adds a schema with its own id (for copying files). A repeat of an identical schema is ignored; a different
    /// schema under a used id is an error.
    /// </summary>
    public void WriteSchema(McapSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ThrowIfDataEnded();
        if (schema.Id == 0)
        {
            throw new ArgumentException("Schema id 0 is reserved for 'no schema'.", nameof(schema));
        }
        ArgumentNullException.ThrowIfNull(schema.Name, nameof(schema) + ".Name");
        ArgumentNullException.ThrowIfNull(schema.Encoding, nameof(schema) + ".Encoding");
        if (_schemas.TryGetValue(schema.Id, out McapSchema? existing))
        {
            if (existing.Name != schema.Name || existing.Encoding != schema.Encoding || !existing.Data.Span.SequenceEqual(schema.Data.Span))
            {
                throw new ArgumentException($"Schema id {schema.Id} is already used by a different schema.", nameof(schema));
            }
            return;
        }
        var copy = schema with { Data = schema.Data.ToArray() };
        _schemas.Add(copy.Id, copy);
        _schemaOrder.Add(copy);
        _scratch.Clear();
        AppendSchema(_scratch, copy);
        Emit(_scratch.Written);
    }

    /// <summary>Adds a channel with the next free id and returns the id.</summary>
    /// <param name="schemaId">Schema of the channel's messages (0 = none; otherwise registered already).</param>
    /// <param name="topic">Topic name.</param>
    /// <param name="messageEncoding">Message encoding (e.g. "json").</param>
    /// <param name="metadata">Channel metadata; none when null.</param>
    public ushort RegisterChannel(ushort schemaId, string topic, string messageEncoding, IReadOnlyDictionary<string, string>? metadata = null)
    {
        while (_channels.ContainsKey(_nextChannelId))
        {
            _nextChannelId++;
        }
        ushort id = _nextChannelId;
        WriteChannel(new McapChannel(id, schemaId, topic, messageEncoding,
            metadata is null ? new Dictionary<string, string>() : new Dictionary<string, string>(metadata)));
        return id;
    }

    /// <summary>
    /// Adds a channel with its own id (for copying files). A repeat of an identical channel is ignored; a different
    /// channel under a used id, or an unknown schema id, is an error.
    /// </summary>
    public void WriteChannel(McapChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ThrowIfDataEnded();
        ArgumentNullException.ThrowIfNull(channel.Topic, nameof(channel) + ".Topic");
        ArgumentNullException.ThrowIfNull(channel.MessageEncoding, nameof(channel) + ".MessageEncoding");
        ArgumentNullException.ThrowIfNull(channel.Metadata, nameof(channel) + ".Metadata");
        if (channel.SchemaId != 0 && !_schemas.ContainsKey(channel.SchemaId))
        {
            throw new ArgumentException($"Channel {channel.Id} refers to schema {channel.SchemaId}, which was never written.", nameof(channel));
        }
        if (_channels.TryGetValue(channel.Id, out McapChannelState? existing))
        {
            McapChannel c = existing.Channel;
            if (c.SchemaId != channel.SchemaId || c.Topic != channel.Topic || c.MessageEncoding != channel.MessageEncoding
                || !SameMap(c.Metadata, channel.Metadata))
            {
                throw new ArgumentException($"Channel id {channel.Id} is already used by a different channel.", nameof(channel));
            }
            return;
        }
        var state = new McapChannelState(channel with { Metadata = new Dictionary<string, string>(channel.Metadata) });
        _channels.Add(channel.Id, state);
        _channelOrder.Add(state);
        _scratch.Clear();
        AppendChannel(_scratch, state.Channel);
        Emit(_scratch.Written);
    }

    /// <summary>Writes one message. Allocates nothing in steady state.</summary>
    /// <param name="channelId">A channel written before.</param>
    /// <param name="sequence">Sequence number (0 when unused).</param>
    /// <param name="logTime">Log time, ns.</param>
    /// <param name="publishTime">Publish time, ns (pass the log time when unknown).</param>
    /// <param name="data">Message payload.</param>
    public void WriteMessage(ushort channelId, uint sequence, ulong logTime, ulong publishTime, ReadOnlySpan<byte> data)
    {
        ThrowIfDataEnded();
        if (!_channels.TryGetValue(channelId, out McapChannelState? state))
        {
            throw new ArgumentException($"Channel {channelId} was never written.", nameof(channelId));
        }
        McapByteBuffer target = _options.UseChunks ? _chunk : _scratch;
        if (!_options.UseChunks)
        {
            _scratch.Clear();
        }
        else if (_chunk.Length > 0 && _chunk.Length + 31L + data.Length > _options.ChunkSize)
        {
            // Close the chunk before it would outgrow ChunkSize, so the reused chunk buffer never has to grow (only a
            // single message larger than a chunk makes it grow).
            CloseChunk();
        }
        int recordStart = target.Length;
        target.U8((byte)McapOpcode.Message);
        target.U64((ulong)(22 + data.Length));
        target.U16(channelId);
        target.U32(sequence);
        target.U64(logTime);
        target.U64(publishTime);
        target.Raw(data);

        state.MessageCount++;
        _messageCount++;
        _startTime = Math.Min(_startTime, logTime);
        _endTime = Math.Max(_endTime, logTime);
        if (!_options.UseChunks)
        {
            Emit(_scratch.Written);
            return;
        }
        if (state.EntryCount == 0)
        {
            _chunkChannels.Add(state);
        }
        state.Add(logTime, (ulong)recordStart);
        _chunkMessages++;
        _chunkStart = Math.Min(_chunkStart, logTime);
        _chunkEnd = Math.Max(_chunkEnd, logTime);
    }

    /// <summary>Writes a Metadata record (e.g. the dive's site, vehicle, scenario) and indexes it in the summary.</summary>
    public void WriteMetadata(string name, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        ThrowIfDataEnded();
        _scratch.Clear();
        int at = _scratch.BeginRecord(McapOpcode.Metadata);
        _scratch.String(name);
        _scratch.StringMap(values);
        _scratch.EndRecord(at);
        _metadataIndexes.Add(new McapMetadataIndex((ulong)Position, (ulong)_scratch.Length, name));
        Emit(_scratch.Written);
    }

    /// <summary>Writes an Attachment record (with its CRC) and indexes it in the summary.</summary>
    /// <param name="name">Attachment name, e.g. "scenario.json".</param>
    /// <param name="mediaType">Media type, e.g. "application/json".</param>
    /// <param name="logTime">Time recorded, ns.</param>
    /// <param name="createTime">Time created, ns (0 when unknown).</param>
    /// <param name="data">The attachment's bytes.</param>
    public void WriteAttachment(string name, string mediaType, ulong logTime, ulong createTime, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(mediaType);
        ThrowIfDataEnded();
        _scratch.Clear();
        int at = _scratch.BeginRecord(McapOpcode.Attachment);
        _scratch.U64(logTime);
        _scratch.U64(createTime);
        _scratch.String(name);
        _scratch.String(mediaType);
        _scratch.U64((ulong)data.Length);
        _scratch.Raw(data);
        // The attachment CRC covers every content field before it (mcap.dev, Attachment op=0x09).
        _scratch.U32(Crc32.HashToUInt32(_scratch.Written[(at + 8)..]));
        _scratch.EndRecord(at);
        _attachmentIndexes.Add(new McapAttachmentIndex(
            (ulong)Position, (ulong)_scratch.Length, logTime, createTime, (ulong)data.Length, name, mediaType));
        Emit(_scratch.Written);
    }

    /// <summary>
    /// Closes the open chunk (writing it and its message indexes) and flushes the stream, so that everything written
    /// so far survives a crash: a recorder calls this on a timer.
    /// </summary>
    public void Flush()
    {
        ThrowIfDataEnded();
        CloseChunk();
        _stream.Flush();
    }

    /// <summary>
    /// Finishes the file: closes the open chunk, writes Data End, the summary, Summary Offsets, Footer and magic, and
    /// flushes. Further writes throw. Called by <see cref="Dispose"/>.
    /// </summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }
        CloseChunk();
        _scratch.Clear();
        int at = _scratch.BeginRecord(McapOpcode.DataEnd);
        _scratch.U32(_options.ComputeDataSectionCrc ? _dataCrc.GetCurrentHashAsUInt32() : 0);
        _scratch.EndRecord(at);
        Emit(_scratch.Written);
        _dataEnded = true;

        ulong summaryStart = 0;
        ulong summaryOffsetStart = 0;
        _inSummary = true;
        if (_options.WriteSummary)
        {
            summaryStart = (ulong)Position;
            var groups = new List<McapSummaryOffset>();
            WriteGroup(groups, McapOpcode.Schema, _schemaOrder.Count, i => AppendSchema(_scratch, _schemaOrder[i]));
            WriteGroup(groups, McapOpcode.Channel, _channelOrder.Count, i => AppendChannel(_scratch, _channelOrder[i].Channel));
            WriteGroup(groups, McapOpcode.Statistics, 1, _ => AppendStatistics());
            WriteGroup(groups, McapOpcode.ChunkIndex, _chunkIndexes.Count, i => AppendChunkIndex(_chunkIndexes[i]));
            WriteGroup(groups, McapOpcode.AttachmentIndex, _attachmentIndexes.Count, i => AppendAttachmentIndex(_attachmentIndexes[i]));
            WriteGroup(groups, McapOpcode.MetadataIndex, _metadataIndexes.Count, i => AppendMetadataIndex(_metadataIndexes[i]));
            if (_options.WriteSummaryOffsets)
            {
                summaryOffsetStart = (ulong)Position;
                foreach (McapSummaryOffset group in groups)
                {
                    _scratch.Clear();
                    int g = _scratch.BeginRecord(McapOpcode.SummaryOffset);
                    _scratch.U8(group.GroupOpcode);
                    _scratch.U64(group.GroupStart);
                    _scratch.U64(group.GroupLength);
                    _scratch.EndRecord(g);
                    Emit(_scratch.Written);
                }
            }
        }
        // The summary CRC runs from the summary start through the footer's summary_offset_start field.
        _scratch.Clear();
        _scratch.U8((byte)McapOpcode.Footer);
        _scratch.U64(20);
        _scratch.U64(summaryStart);
        _scratch.U64(summaryOffsetStart);
        Emit(_scratch.Written);
        _inSummary = false;
        _scratch.Clear();
        _scratch.U32(summaryStart != 0 && _options.ComputeSummaryCrc ? _summaryCrc.GetCurrentHashAsUInt32() : 0);
        _scratch.Raw(McapMagic.Bytes);
        Emit(_scratch.Written);
        _stream.Flush();
        _closed = true;
        if (McapFileClosed.Listener.IsEnabled(McapFileClosed.EventName))
        {
            McapFileClosed.Listener.Write(McapFileClosed.EventName,
                new McapFileClosed((_stream as FileStream)?.Name, _options.Library, _messageCount, Position));
        }
    }

    /// <summary>Closes the file (see <see cref="Close"/>) and the stream unless it was left open.</summary>
    public void Dispose()
    {
        try
        {
            Close();
        }
        finally
        {
            _codec.Dispose();
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    private void ThrowIfDataEnded() => ObjectDisposedException.ThrowIf(_dataEnded, this);

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        if (!_dataEnded && _options.ComputeDataSectionCrc)
        {
            _dataCrc.Append(bytes);
        }
        if (_inSummary)
        {
            _summaryCrc.Append(bytes);
        }
        Position += bytes.Length;
    }

    private void WriteGroup(List<McapSummaryOffset> groups, McapOpcode opcode, int count, Action<int> append)
    {
        if (count == 0)
        {
            return;
        }
        long start = Position;
        for (int i = 0; i < count; i++)
        {
            _scratch.Clear();
            append(i);
            Emit(_scratch.Written);
        }
        groups.Add(new McapSummaryOffset((byte)opcode, (ulong)start, (ulong)(Position - start)));
    }

    private void CloseChunk()
    {
        if (!_options.UseChunks || _chunk.Length == 0)
        {
            return;
        }
        ReadOnlySpan<byte> records = _chunk.Written;
        uint crc = _options.ComputeChunkCrcs ? Crc32.HashToUInt32(records) : 0;
        ReadOnlySpan<byte> stored = records;
        if (_options.Compression != McapCompression.None)
        {
            _codec.Compress(_options.Compression, records, _compressed);
            stored = _compressed.Written;
        }
        string compression = McapChunkCodec.Name(_options.Compression);
        ulong start = _chunkMessages > 0 ? _chunkStart : 0;
        ulong end = _chunkMessages > 0 ? _chunkEnd : 0;

        long chunkOffset = Position;
        _scratch.Clear();
        _scratch.U8((byte)McapOpcode.Chunk);
        _scratch.U64((ulong)(8 + 8 + 8 + 4 + 4 + compression.Length + 8 + stored.Length));
        _scratch.U64(start);
        _scratch.U64(end);
        _scratch.U64((ulong)records.Length);
        _scratch.U32(crc);
        _scratch.String(compression);
        _scratch.U64((ulong)stored.Length);
        Emit(_scratch.Written);
        Emit(stored);
        long chunkLength = Position - chunkOffset;

        long indexStart = Position;
        Dictionary<ushort, ulong> indexOffsets = [];
        if (_options.WriteMessageIndexes)
        {
            foreach (McapChannelState state in _chunkChannels)
            {
                ReadOnlySpan<McapMessageIndexEntry> entries = state.SortedEntries();
                _scratch.Clear();
                int at = _scratch.BeginRecord(McapOpcode.MessageIndex);
                _scratch.U16(state.Channel.Id);
                _scratch.U32((uint)(entries.Length * 16));
                foreach (McapMessageIndexEntry entry in entries)
                {
                    _scratch.U64(entry.LogTime);
                    _scratch.U64(entry.Offset);
                }
                _scratch.EndRecord(at);
                indexOffsets[state.Channel.Id] = (ulong)Position;
                Emit(_scratch.Written);
            }
        }
        foreach (McapChannelState state in _chunkChannels)
        {
            state.ClearEntries();
        }
        _chunkChannels.Clear();
        _chunkIndexes.Add(new McapChunkIndex(start, end, (ulong)chunkOffset, (ulong)chunkLength, indexOffsets,
            (ulong)(Position - indexStart), compression, (ulong)stored.Length, (ulong)records.Length));
        _chunk.Clear();
        _chunkMessages = 0;
        _chunkStart = ulong.MaxValue;
        _chunkEnd = 0;
    }

    private static void AppendSchema(McapByteBuffer b, McapSchema schema)
    {
        int at = b.BeginRecord(McapOpcode.Schema);
        b.U16(schema.Id);
        b.String(schema.Name);
        b.String(schema.Encoding);
        b.U32((uint)schema.Data.Length);
        b.Raw(schema.Data.Span);
        b.EndRecord(at);
    }

    private static void AppendChannel(McapByteBuffer b, McapChannel channel)
    {
        int at = b.BeginRecord(McapOpcode.Channel);
        b.U16(channel.Id);
        b.U16(channel.SchemaId);
        b.String(channel.Topic);
        b.String(channel.MessageEncoding);
        b.StringMap(channel.Metadata);
        b.EndRecord(at);
    }

    private void AppendStatistics()
    {
        int at = _scratch.BeginRecord(McapOpcode.Statistics);
        _scratch.U64(_messageCount);
        _scratch.U16((ushort)_schemas.Count);
        _scratch.U32((uint)_channels.Count);
        _scratch.U32((uint)_attachmentIndexes.Count);
        _scratch.U32((uint)_metadataIndexes.Count);
        _scratch.U32((uint)_chunkIndexes.Count);
        _scratch.U64(_messageCount > 0 ? _startTime : 0);
        _scratch.U64(_messageCount > 0 ? _endTime : 0);
        _scratch.U32((uint)(_channelOrder.Count * 10));
        foreach (McapChannelState state in _channelOrder)
        {
            _scratch.U16(state.Channel.Id);
            _scratch.U64(state.MessageCount);
        }
        _scratch.EndRecord(at);
    }

    private void AppendChunkIndex(McapChunkIndex index)
    {
        int at = _scratch.BeginRecord(McapOpcode.ChunkIndex);
        _scratch.U64(index.MessageStartTime);
        _scratch.U64(index.MessageEndTime);
        _scratch.U64(index.ChunkStartOffset);
        _scratch.U64(index.ChunkLength);
        _scratch.U32((uint)(index.MessageIndexOffsets.Count * 10));
        foreach (KeyValuePair<ushort, ulong> pair in index.MessageIndexOffsets)
        {
            _scratch.U16(pair.Key);
            _scratch.U64(pair.Value);
        }
        _scratch.U64(index.MessageIndexLength);
        _scratch.String(index.Compression);
        _scratch.U64(index.CompressedSize);
        _scratch.U64(index.UncompressedSize);
        _scratch.EndRecord(at);
    }

    private void AppendAttachmentIndex(McapAttachmentIndex index)
    {
        int at = _scratch.BeginRecord(McapOpcode.AttachmentIndex);
        _scratch.U64(index.Offset);
        _scratch.U64(index.Length);
        _scratch.U64(index.LogTime);
        _scratch.U64(index.CreateTime);
        _scratch.U64(index.DataSize);
        _scratch.String(index.Name);
        _scratch.String(index.MediaType);
        _scratch.EndRecord(at);
    }

    private void AppendMetadataIndex(McapMetadataIndex index)
    {
        int at = _scratch.BeginRecord(McapOpcode.MetadataIndex);
        _scratch.U64(index.Offset);
        _scratch.U64(index.Length);
        _scratch.String(index.Name);
        _scratch.EndRecord(at);
    }

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        foreach (KeyValuePair<string, string> pair in a)
        {
            if (!b.TryGetValue(pair.Key, out string? value) || value != pair.Value)
            {
                return false;
            }
        }
        return true;
    }
}
