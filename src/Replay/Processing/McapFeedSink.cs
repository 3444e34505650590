using System.Buffers;
using System.Text;
using System.Text.Json;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Processing.Feeds;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Processing;

/// <summary>
/// The offline feed sink: every feed a handler publishes is written into an MCAP file at the log time of the raw
/// message being processed (<see cref="CurrentLogTimeNs"/>, set by <see cref="DiveProcessor"/> before each
/// message), so the output's time line is the recording's, never the wall clock's. JSON feeds go under their
/// MQTT topic with the feed's complete <c>jsonschema</c> (<see cref="FeedSchemas"/>); PNG images are wrapped as <c>foxglove.CompressedImage</c>
/// JSON (base64 data) so Foxglove shows them. Channels are registered on first use, in message order, so the
/// same input gives the same bytes. JSON feeds are also kept as <see cref="FeedTable"/>s for CSV and the report,
/// and the latest PNG of each image topic is kept for the output folder.
/// </summary>
public sealed class McapFeedSink : IFeedSink
{
    private readonly McapWriter _writer;
    private readonly Dictionary<string, (ushort Channel, uint Sequence)> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ushort> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FeedTable> _tables = new(StringComparer.Ordinal);
    private readonly List<FeedTable> _tableOrder = [];
    /// <summary>Per image topic, the latest PNG in a buffer reused from image to image (a fresh 100 kB array per
    /// image is a large-object allocation whose first touch page-faults).</summary>
    private readonly Dictionary<string, ArrayBufferWriter<byte>> _latestImages = new(StringComparer.Ordinal);
    private readonly List<string> _imageOrder = [];
    private readonly ArrayBufferWriter<byte> _imageJson = new(64 * 1024);
    private ushort _imageSchema;
    private ushort _annotationSchema;
    private readonly SideScanSettings _sideScan;
    /// <summary>Per obstacles topic, its latest message (the fan annotations are drawn from it).</summary>
    private readonly Dictionary<string, ArrayBufferWriter<byte>> _latestObstacles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WaterfallAnnotations> _waterfalls = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _annotationJson = new(4 * 1024);

    /// <summary>Creates the sink writing into <paramref name="writer"/> (which the caller closes); the waterfall
    /// annotations follow the side-scan pipeline's <paramref name="sideScan"/> geometry (the defaults when null).</summary>
    public McapFeedSink(McapWriter writer, SideScanSettings? sideScan = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _sideScan = sideScan ?? new SideScanSettings();
    }

    /// <summary>The annotation topic of an image topic: where its <c>foxglove.ImageAnnotations</c> go.</summary>
    public static string AnnotationTopic(string imageTopic) => imageTopic + "/annotations";

    /// <summary>Log time given to the next published feed (the raw message's log time), nanoseconds.</summary>
    public long CurrentLogTimeNs { get; set; }

    /// <summary>Feed messages written.</summary>
    public long Written { get; private set; }

    /// <summary>The JSON feeds' tables, in order of first publication.</summary>
    public IReadOnlyList<FeedTable> Tables => _tableOrder;

    /// <summary>The image topics in order of first publication.</summary>
    public IReadOnlyList<string> ImageTopics => _imageOrder;

    /// <summary>The latest PNG published on <paramref name="topic"/>; null when none.</summary>
    public byte[]? LatestImage(string topic) => _latestImages.GetValueOrDefault(topic)?.WrittenSpan.ToArray();

    /// <summary>The table of <paramref name="topic"/>; null when nothing was published there.</summary>
    public FeedTable? Table(string topic) => _tables.GetValueOrDefault(topic);

    /// <inheritdoc/>
    public ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, string contentType, uint expirySeconds, bool retain,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var logTime = CurrentLogTimeNs;
        if (string.Equals(contentType, "image/png", StringComparison.Ordinal))
        {
            WriteImage(topic, payload.Span, logTime);
        }
        else
        {
            var channel = Channel(topic, isImage: false);
            Write(topic, channel, payload.Span, logTime);
            if (!_tables.TryGetValue(topic, out var table))
            {
                table = new FeedTable(topic);
                _tables.Add(topic, table);
                _tableOrder.Add(table);
            }

            table.Add(logTime, payload.Span);
            Remember(topic, payload.Span);
        }

        return ValueTask.CompletedTask;
    }

    private void WriteImage(string topic, ReadOnlySpan<byte> png, long logTime)
    {
        var channel = Channel(topic, isImage: true);
        if (!_latestImages.TryGetValue(topic, out var latest))
        {
            _imageOrder.Add(topic);
            latest = new ArrayBufferWriter<byte>(png.Length);
            _latestImages.Add(topic, latest);
        }

        latest.ResetWrittenCount();
        latest.Write(png);
        _imageJson.Clear();
        FoxgloveCompressedImage.Write(_imageJson, topic, png, logTime);

        Write(topic, channel, _imageJson.WrittenSpan, logTime);
        WriteAnnotations(topic, png, logTime);
    }

    // What the annotations are drawn from: the imaging sonar's latest obstacles, the side-scan lines and contacts.
    private void Remember(string topic, ReadOnlySpan<byte> json)
    {
        if (topic.Contains("/feed/" + FeedNames.Obstacles + "/", StringComparison.Ordinal))
        {
            if (!_latestObstacles.TryGetValue(topic, out var latest))
            {
                latest = new ArrayBufferWriter<byte>(json.Length);
                _latestObstacles.Add(topic, latest);
            }

            latest.ResetWrittenCount();
            latest.Write(json);
        }
        else if (topic.Contains("/feed/" + FeedNames.SideScan + "/", StringComparison.Ordinal))
        {
            Waterfall(topic).AddLine(json);
        }
        else if (topic.Contains("/feed/" + FeedNames.SideScanContacts + "/", StringComparison.Ordinal))
        {
            Waterfall(topic).AddContact(json);
        }
    }

    private WaterfallAnnotations Waterfall(string topic)
    {
        var sensor = topic[(topic.LastIndexOf('/') + 1)..];
        if (!_waterfalls.TryGetValue(sensor, out var annotations))
        {
            annotations = new WaterfallAnnotations(_sideScan);
            _waterfalls.Add(sensor, annotations);
        }

        return annotations;
    }

    // The image's annotations, at its log time: obstacles on a fan or a scan, contacts on a waterfall.
    private void WriteAnnotations(string imageTopic, ReadOnlySpan<byte> png, long logTime)
    {
        var fan = "/feed/" + FeedNames.Fan + "/";
        var scan = "/feed/" + FeedNames.Scan + "/";
        _annotationJson.Clear();
        if (imageTopic.Contains(fan, StringComparison.Ordinal))
        {
            var obstacles = imageTopic.Replace(fan, "/feed/" + FeedNames.Obstacles + "/", StringComparison.Ordinal);
            ObstacleAnnotations.WriteOnFan(_annotationJson, _latestObstacles.TryGetValue(obstacles, out var latest) ? latest.WrittenSpan : default, logTime);
        }
        else if (imageTopic.Contains(scan, StringComparison.Ordinal))
        {
            // The scan's side from the PNG's header (IHDR width, big-endian at byte 16), so the circles follow the
            // picture whatever size it is drawn at.
            var size = png.Length >= 24 ? System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png[16..]) : 0;
            var obstacles = imageTopic.Replace(scan, "/feed/" + FeedNames.Obstacles + "/", StringComparison.Ordinal);
            ObstacleAnnotations.WriteOnScan(_annotationJson, _latestObstacles.TryGetValue(obstacles, out var latest) ? latest.WrittenSpan : default, size, logTime);
        }
        else if (imageTopic.Contains("/feed/" + FeedNames.Waterfall + "/", StringComparison.Ordinal))
        {
            Waterfall(imageTopic).Write(_annotationJson, logTime);
        }
        else
        {
            return;
        }

        var topic = AnnotationTopic(imageTopic);
        if (!_channels.ContainsKey(topic))
        {
            if (_annotationSchema == 0)
            {
                _annotationSchema = _writer.RegisterSchema("foxglove.ImageAnnotations", "jsonschema", Encoding.UTF8.GetBytes(ObstacleAnnotations.Schema));
            }

            _channels.Add(topic, (_writer.RegisterChannel(_annotationSchema, topic, "json"), 0));
        }

        Write(topic, _channels[topic].Channel, _annotationJson.WrittenSpan, logTime);
    }

    private void Write(string topic, ushort channel, ReadOnlySpan<byte> data, long logTime)
    {
        var entry = _channels[topic];
        _writer.WriteMessage(channel, entry.Sequence, (ulong)logTime, (ulong)logTime, data);
        _channels[topic] = (channel, entry.Sequence + 1);
        Written++;
    }

    private ushort Schema(string text)
    {
        if (!_schemas.TryGetValue(text, out var id))
        {
            id = _writer.RegisterSchema(FeedSchemas.NameOf(text), "jsonschema", Encoding.UTF8.GetBytes(text));
            _schemas.Add(text, id);
        }

        return id;
    }

    private ushort Channel(string topic, bool isImage)
    {
        if (_channels.TryGetValue(topic, out var entry))
        {
            return entry.Channel;
        }

        ushort schema;
        if (isImage)
        {
            if (_imageSchema == 0)
            {
                _imageSchema = _writer.RegisterSchema(FoxgloveCompressedImage.Name, "jsonschema", Encoding.UTF8.GetBytes(FoxgloveCompressedImage.Schema));
            }

            schema = _imageSchema;
        }
        else
        {
            // Each feed's complete schema (FeedSchemas), registered once and shared by every sensor's channel; a topic
            // with none is written schemaless, which the viewers also load.
            schema = FeedSchemas.ForTopic(topic) is { } text ? Schema(text) : (ushort)0;
        }

        var channel = _writer.RegisterChannel(schema, topic, "json");
        _channels.Add(topic, (channel, 0));
        return channel;
    }
}
