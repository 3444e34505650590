using System.Diagnostics;
using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Wire;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// One side-scan sonar: decodes each line, runs the <see cref="SideScanPipeline"/>, publishes the line's
/// summary and targets (JSON), each side-scan contact when the <see cref="SideScanContactTracker"/> closes it
/// (JSON, <see cref="SideScanContactJson"/>, one message per contact) and the waterfall at a bounded rate (PNG,
/// newest line on top).
/// </summary>
public sealed class SideScanHandler : ISensorHandler, IEndOfStreamHandler
{
    private readonly HandlerContext _context;
    private readonly string _sensor;
    private readonly string _topic;
    private readonly string _waterfallTopic;
    private readonly string _contactsTopic;
    private readonly SideScanContactTracker _tracker;
    private readonly JsonFeedBuffer _contactJson = new();
    private long _lastTimestampNs;
    private readonly SideScanLineCodec _codec;
    private readonly SideScanPipeline _pipeline;
    private readonly JsonFeedBuffer _json = new();
    private readonly ImageFeed _image;
    private readonly byte[] _pixels;

    /// <summary>Creates the handler.</summary>
    /// <param name="sensor">Sensor id.</param>
    /// <param name="context">Where feeds, errors and alarm inputs go.</param>
    /// <param name="settings">Pipeline settings.</param>
    /// <param name="waterfallRateHz">Largest waterfall image rate.</param>
    /// <param name="contactSettings">Contact tracker settings (the defaults when null).</param>
    public SideScanHandler(string sensor, HandlerContext context, SideScanSettings settings, double waterfallRateHz = 1.0,
        SideScanContactSettings? contactSettings = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        _context = context;
        _sensor = sensor;
        _topic = context.Topics.Feed(FeedNames.SideScan, sensor);
        _waterfallTopic = context.Topics.Feed(FeedNames.Waterfall, sensor);
        _codec = new SideScanLineCodec(settings.MaxSamples);
        _pipeline = new SideScanPipeline(settings);
        _contactsTopic = context.Topics.Feed(FeedNames.SideScanContacts, sensor);
        _tracker = new SideScanContactTracker(contactSettings ?? new SideScanContactSettings(), settings.BinSpacingM, settings.GroundBins);
        _image = new ImageFeed(waterfallRateHz);
        _pixels = new byte[_pipeline.Waterfall.Width * _pipeline.Waterfall.Capacity];
    }

    /// <inheritdoc/>
    public async ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var error = _codec.TryDecode(payload.Span, out var line);
        if (error != WireError.None)
        {
            _context.Errors.Report(_sensor, WireErrorNames.Of(error), WireErrorNames.Explain(error));
            return;
        }

        var result = _pipeline.Process(line!);
        if (!result.Accepted)
        {
            _context.Errors.Report(_sensor, "rejected-line", "the side-scan pipeline refused the line");
            return;
        }

        var json = _json.Begin();
        json.WriteStartObject();
        JsonFeedBuffer.Stamp(json, result.Stamp);
        JsonFeedBuffer.Number(json, "altitudeM", result.AltitudeM, 2);
        json.WriteString("altitudeSource", result.AltitudeSource.ToString().ToLowerInvariant());
        json.WriteStartArray("targets");
        foreach (var t in _pipeline.Targets)
        {
            json.WriteStartObject();
            json.WriteString("side", t.Side == SideScanSide.Port ? "port" : "starboard");
            JsonFeedBuffer.Number(json, "groundRangeM", t.GroundRangeM, 2);
            JsonFeedBuffer.Number(json, "shadowM", t.ShadowLengthM, 2);
            JsonFeedBuffer.Number(json, "heightM", t.HeightM, 2);
            JsonFeedBuffer.Number(json, "highlight", t.HighlightLevel, 2);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        var body = _json.End();
        _context.Processing.RecordSince(start);
        await _context.Feeds.PublishAsync(_topic, body, "application/json", 5, false, cancellationToken).ConfigureAwait(false);
        _context.EndToEnd.RecordSince(receivedTimestamp);
        await _context.Alarms.TouchAsync(result.Stamp.TimestampNs, AlarmFeed.SideScan, cancellationToken).ConfigureAwait(false);

        // Contacts are published once, complete, when the tracker closes them (MaxGapLines after their last line).
        _lastTimestampNs = result.Stamp.TimestampNs;
        await PublishClosedAsync(_tracker.Process(_pipeline, result), cancellationToken).ConfigureAwait(false);

        if (_image.IsDue(result.Stamp.TimestampNs))
        {
            var waterfall = _pipeline.Waterfall;
            var rows = waterfall.CopyTo(_pixels);
            if (rows > 0)
            {
                var png = _image.Encode(_pixels, waterfall.Width, rows, result.Stamp.TimestampNs);
                await _context.Feeds.PublishAsync(_waterfallTopic, png, "image/png", 5, false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Publishes the contacts still open (the recording ended during or just after them).</summary>
    public ValueTask EndOfStreamAsync(CancellationToken cancellationToken) => PublishClosedAsync(_tracker.Flush(), cancellationToken);

    private async ValueTask PublishClosedAsync(int closed, CancellationToken cancellationToken)
    {
        for (var i = 0; i < closed; i++)
        {
            var contact = _tracker.Closed[i];
            SideScanContactJson.Write(_contactJson.Begin(), contact, _lastTimestampNs);
            await _context.Feeds.PublishAsync(_contactsTopic, _contactJson.End(), "application/json", 0, false, cancellationToken).ConfigureAwait(false);
        }
    }
}
