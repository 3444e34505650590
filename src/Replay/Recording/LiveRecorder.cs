using System.Text;
using RovDsp.Dsp.Wire;
using RovDsp.Processing.Feeds;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Recording;

/// <summary>
/// Writes messages arriving live (from MQTT: <c>rovdsp-replay record</c>) into an MCAP file: one channel per topic,
/// created when the topic is first seen. Raw topics get the same schema and encoding a simulated or imported dive has
/// (<see cref="RecordingTopics"/>), so a recording made live plays back like a shipped one; JSON feeds and alarms get
/// their JSON Schema (<see cref="FeedSchemas"/>), and so do the bridge's status, metrics, errors and fleet status and the
/// pilots' acknowledgements (<see cref="TelemetrySchemas"/>); a JSON topic that is none of ours is schemaless
/// <c>json</c>, which the viewers load as it is; PNG image feeds are wrapped as <c>foxglove.CompressedImage</c> JSON
/// (bytes kept exactly, base64) so the viewers show them; anything else is kept as received
/// under its content type. Nothing is dropped: a payload that does not decode is still written, and counted.
/// <para>
/// Log time is the receive time (ns since the Unix epoch); publish time and sequence come from the wire header when it
/// decodes (the sensor's acquisition time and counter), else the receive time and a per-channel counter.
/// <see cref="Flush"/> closes the open chunk and flushes the stream, so a crash loses only what came after it (a cut-off
/// file is read by <see cref="McapRepair"/> up to its last complete chunk); <see cref="Finish"/> writes the summary and
/// footer. Not thread-safe: one thread writes (the recorder's drain loop); <see cref="Snapshot"/> may be called from any.
/// </para>
/// </summary>
public sealed class LiveRecorder : IDisposable
{
    private readonly System.Buffers.ArrayBufferWriter<byte> _imageJson = new(64 * 1024);
    private readonly McapWriter _writer;
    private readonly Dictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ushort> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly List<Group> _groupOrder = [];
    private readonly Lock _statsLock = new();
    private long _messages;
    private long _malformed;
    private long _flushedMessages;
    private long _bytesWritten;
    private int _chunks;
    private bool _finished;

    /// <summary>Starts a recording on <paramref name="output"/> (a file: flushes reach the disk).</summary>
    /// <param name="output">Writable stream.</param>
    /// <param name="options">Chunk size and compression (the writer's defaults when null).</param>
    /// <param name="metadata">Written as a <c>record</c> metadata record (broker, filters, start time), or null.</param>
    /// <param name="leaveOpen">Leave <paramref name="output"/> open when disposed.</param>
    public LiveRecorder(Stream output, McapWriterOptions? options = null, IReadOnlyDictionary<string, string>? metadata = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        _writer = new McapWriter(output, options ?? new McapWriterOptions(), leaveOpen);
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["tool"] = DiveRecorder.ToolVersion };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                values[key] = value;
            }
        }

        _writer.WriteMetadata(RecordMetadata, values);
        _bytesWritten = _writer.Position;
    }

    /// <summary>Name of the metadata record a live recording starts with.</summary>
    public const string RecordMetadata = "record";

    /// <summary>Messages written.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Messages whose payload did not decode as their topic's encoding (written all the same).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Messages safely in the file as of the last <see cref="Flush"/> (what a crash cannot take away).</summary>
    public long FlushedMessages => Interlocked.Read(ref _flushedMessages);

    /// <summary>Bytes written to the stream so far (compressed chunks, indexes; the open chunk is not counted).</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Chunks written so far.</summary>
    public int Chunks => Volatile.Read(ref _chunks);

    /// <summary>Topics (channels) seen so far.</summary>
    public int Channels => _topics.Count;

    /// <summary>Writes one received message.</summary>
    /// <param name="topic">MQTT topic (the channel's topic).</param>
    /// <param name="payload">The payload exactly as received.</param>
    /// <param name="contentType">MQTT 5 content type, or null.</param>
    /// <param name="receiveTimeNs">Receive time, ns since the Unix epoch (the message's log time).</param>
    public void Write(string topic, ReadOnlySpan<byte> payload, string? contentType, ulong receiveTimeNs)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (!_topics.TryGetValue(topic, out var entry))
        {
            entry = AddTopic(topic, payload, contentType);
        }

        var publishTime = receiveTimeNs;
        var sequence = entry.Sequence;
        var malformed = false;
        var data = payload;
        switch (entry.Kind)
        {
            case LiveRecordingKind.Image:
                // Counted by the PNG's size; a payload that is not a PNG is kept all the same, wrapped like the others.
                malformed = !FoxgloveCompressedImage.IsPng(payload);
                _imageJson.Clear();
                FoxgloveCompressedImage.Write(_imageJson, topic, payload, (long)receiveTimeNs);
                data = _imageJson.WrittenSpan;
                break;
            case LiveRecordingKind.Wire:
                if (WireHeader.TryRead(payload, out var header, out _) == WireError.None)
                {
                    publishTime = header.Stamp.TimestampNs > 0 ? (ulong)header.Stamp.TimestampNs : receiveTimeNs;
                    sequence = header.Stamp.Sequence;
                }
                else
                {
                    malformed = true;
                }

                break;
            case LiveRecordingKind.Ping:
                malformed = payload.Length < 10 || payload[0] != (byte)'B' || payload[1] != (byte)'R';
                break;
            case LiveRecordingKind.Json:
                malformed = payload.IsEmpty || payload[0] is not ((byte)'{' or (byte)'[' or (byte)'"' or (byte)'-' or (>= (byte)'0' and <= (byte)'9') or (byte)'t' or (byte)'f' or (byte)'n');
                break;
        }

        _writer.WriteMessage(entry.Channel, sequence, receiveTimeNs, publishTime, data);
        entry.Sequence++;
        lock (_statsLock)
        {
            entry.Group.Messages++;
            entry.Group.Bytes += payload.Length;
            if (malformed)
            {
                entry.Group.Malformed++;
            }
        }

        if (malformed)
        {
            Interlocked.Increment(ref _malformed);
        }

        Interlocked.Increment(ref _messages);
        if (_writer.ChunkCount != _chunks)
        {
            // The writer closed a full chunk on its own.
            Volatile.Write(ref _chunks, _writer.ChunkCount);
            Interlocked.Exchange(ref _bytesWritten, _writer.Position);
        }
    }

    /// <summary>Closes the open chunk and flushes the stream (and the file to the OS), so everything written so far
    /// survives the process being killed.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _writer.Flush();
        Volatile.Write(ref _chunks, _writer.ChunkCount);
        Interlocked.Exchange(ref _bytesWritten, _writer.Position);
        Interlocked.Exchange(ref _flushedMessages, Interlocked.Read(ref _messages));
    }

    /// <summary>Finishes the file: the open chunk, Data End, summary (statistics, chunk indexes), footer. Idempotent.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        _writer.Close();
        _finished = true;
        Volatile.Write(ref _chunks, _writer.ChunkCount);
        Interlocked.Exchange(ref _bytesWritten, _writer.Position);
        Interlocked.Exchange(ref _flushedMessages, Interlocked.Read(ref _messages));
    }

    /// <summary>Per-group counts so far, in order of first appearance (callable from any thread).</summary>
    public IReadOnlyList<LiveRecordingStats> Snapshot()
    {
        lock (_statsLock)
        {
            var list = new List<LiveRecordingStats>(_groupOrder.Count);
            foreach (var g in _groupOrder)
            {
                list.Add(new LiveRecordingStats(g.Name, g.Messages, g.Bytes, g.Malformed));
            }

            return list;
        }
    }

    /// <summary>Finishes the file (see <see cref="Finish"/>) and closes the stream unless left open.</summary>
    public void Dispose()
    {
        Finish();
        _writer.Dispose();
    }

    /// <summary>The topic's JSON Schema (<see cref="FeedSchemas.ForTopic"/>), registered once per schema; 0 (schemaless)
    /// for a JSON topic that is not one of docs/topics.md.</summary>
    private ushort JsonSchema(string topic)
    {
        if (FeedSchemas.ForTopic(topic) is not { } text)
        {
            return 0;
        }

        return Schema(FeedSchemas.NameOf(text), RecordingTopics.JsonSchemaEncoding, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The schema <paramref name="name"/>, registered on first use.</summary>
    private ushort Schema(string name, string encoding, byte[] data)
    {
        if (!_schemas.TryGetValue(name, out var schema))
        {
            schema = _writer.RegisterSchema(name, encoding, data);
            _schemas.Add(name, schema);
        }

        return schema;
    }

    /// <summary>Classifies a new topic and registers its channel (and schema, for wire kinds and feeds).</summary>
    private Topic AddTopic(string topic, ReadOnlySpan<byte> payload, string? contentType)
    {
        var levels = topic.Split('/');
        LiveRecordingKind kind;
        ushort channel;
        string group;
        var isRaw = levels.Length == 5 && levels[0] == "rov" && levels[2] == "raw";
        var wireType = isRaw ? RecordingTopics.WireMessageType(levels[3]) : null;
        if (wireType is not null)
        {
            kind = LiveRecordingKind.Wire;
            var schema = Schema(RecordingTopics.WireSchemaName(wireType), RecordingTopics.WireSchemaEncoding, RecordingTopics.WireSchemaData(wireType));
            channel = _writer.RegisterChannel(schema, topic, RecordingTopics.WireEncoding);
            group = "raw/" + levels[3];
        }
        else if (isRaw && levels[3] == "ping")
        {
            kind = LiveRecordingKind.Ping;
            channel = _writer.RegisterChannel(0, topic, RecordingTopics.PingEncoding);
            group = "raw/ping";
        }
        else if (string.Equals(contentType, "image/png", StringComparison.OrdinalIgnoreCase)
                 || (string.IsNullOrEmpty(contentType) && levels.Length >= 4 && levels[2] == "feed" && FoxgloveCompressedImage.IsPng(payload)))
        {
            kind = LiveRecordingKind.Image;
            var schema = Schema(FoxgloveCompressedImage.Name, RecordingTopics.JsonSchemaEncoding, Encoding.UTF8.GetBytes(FoxgloveCompressedImage.Schema));
            channel = _writer.RegisterChannel(schema, topic, RecordingTopics.JsonEncoding, ContentTypeMetadata(contentType));
            group = GroupOf(levels);
        }
        else if (IsJson(contentType, payload))
        {
            kind = LiveRecordingKind.Json;
            channel = _writer.RegisterChannel(JsonSchema(topic), topic, RecordingTopics.JsonEncoding, ContentTypeMetadata(contentType));
            group = GroupOf(levels);
        }
        else
        {
            kind = LiveRecordingKind.Other;
            channel = _writer.RegisterChannel(0, topic, string.IsNullOrEmpty(contentType) ? RecordingTopics.BinaryEncoding : contentType,
                ContentTypeMetadata(contentType));
            group = isRaw ? "raw/" + levels[3] : GroupOf(levels);
        }

        if (!_groups.TryGetValue(group, out var g))
        {
            g = new Group(group);
            lock (_statsLock)
            {
                _groups.Add(group, g);
                _groupOrder.Add(g);
            }
        }

        var entry = new Topic(kind, channel, g);
        _topics.Add(topic, entry);
        Interlocked.Exchange(ref _bytesWritten, _writer.Position);
        return entry;
    }

    private static Dictionary<string, string>? ContentTypeMetadata(string? contentType) =>
        string.IsNullOrEmpty(contentType) ? null : new Dictionary<string, string> { ["contentType"] = contentType };

    /// <summary>JSON by content type, or (no content type) by a payload that opens like a JSON object or array.</summary>
    private static bool IsJson(string? contentType, ReadOnlySpan<byte> payload)
    {
        if (!string.IsNullOrEmpty(contentType))
        {
            return contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
        }

        var trimmed = payload.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] is (byte)'{' or (byte)'[';
    }

    /// <summary>Statistics group of a non-raw topic: <c>feed/{name}</c>, <c>alarms</c>, <c>status</c>, <c>metrics</c>,
    /// <c>errors</c> under <c>rov/{v}/</c>, else <c>other</c>.</summary>
    private static string GroupOf(string[] levels)
    {
        if (levels.Length >= 3 && levels[0] == "rov")
        {
            return levels[2] == "feed" && levels.Length >= 4
                ? "feed/" + levels[3]
                : levels[2] is "alarms" or "status" or "metrics" or "errors" or "raw"
                    ? levels[2] + (levels[2] == "raw" && levels.Length >= 4 ? "/" + levels[3] : string.Empty)
                    : "other";
        }

        return "other";
    }

    private sealed class Topic(LiveRecordingKind kind, ushort channel, Group group)
    {
        public LiveRecordingKind Kind { get; } = kind;

        public ushort Channel { get; } = channel;

        public Group Group { get; } = group;

        public uint Sequence { get; set; }
    }

    private sealed class Group(string name)
    {
        public string Name { get; } = name;

        public long Messages { get; set; }

        public long Bytes { get; set; }

        public long Malformed { get; set; }
    }
}
