using System.Diagnostics;
using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Dsp.Wire;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// One imaging / multibeam sonar: decodes each frame, runs the <see cref="MultibeamPipeline"/>, publishes the
/// obstacles feed every frame (JSON, expires after 2 s) and the fan image at a bounded rate (PNG), and reports
/// the nearest obstacle in the corridor to the alarm hub.
/// </summary>
public sealed class MultibeamHandler : ISensorHandler
{
    private readonly HandlerContext _context;
    private readonly string _sensor;
    private readonly string _obstaclesTopic;
    private readonly string _fanTopic;
    private readonly MultibeamFrameCodec _codec;
    private readonly MultibeamPipeline _pipeline;
    private readonly JsonFeedBuffer _json = new();
    private readonly ImageFeed _fan;
    private readonly byte[] _fanPixels;

    /// <summary>Creates the handler.</summary>
    public MultibeamHandler(string sensor, HandlerContext context, MultibeamSettings settings, double fanRateHz = 2.0)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        _context = context;
        _sensor = sensor;
        _obstaclesTopic = context.Topics.Feed(FeedNames.Obstacles, sensor);
        _fanTopic = context.Topics.Feed(FeedNames.Fan, sensor);
        _codec = new MultibeamFrameCodec(settings.MaxBeams, settings.MaxBins);
        _pipeline = new MultibeamPipeline(settings);
        _fan = new ImageFeed(fanRateHz);
        _fanPixels = new byte[settings.FanWidth * settings.FanHeight];
        _corridor = settings.Corridor;
    }

    // The last fan image's geometry (none before the first image), written in the obstacles feed so a display can
    // draw range rings, the corridor and obstacles over the image in the image's own pixels.
    private FanImageGeometry _fanGeometry;
    private readonly CorridorSettings _corridor;

    /// <summary>Frames processed.</summary>
    public long Frames { get; private set; }

    /// <inheritdoc/>
    public async ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var error = _codec.TryDecode(payload.Span, out var frame);
        if (error != WireError.None)
        {
            _context.Errors.Report(_sensor, WireErrorNames.Of(error), WireErrorNames.Explain(error));
            return;
        }

        var result = _pipeline.Process(frame!);
        if (!result.Valid)
        {
            _context.Errors.Report(_sensor, "rejected-frame", "the imaging pipeline refused the frame's geometry or values");
            return;
        }

        Frames++;
        var json = _json.Begin();
        json.WriteStartObject();
        JsonFeedBuffer.Stamp(json, result.Stamp);
        json.WriteNumber("detections", result.DetectionCount);
        ObstacleJson.WriteList(json, result.HasNearestInCorridor, result.NearestInCorridor, result.Obstacles);
        WriteGeometry(json);
        json.WriteEndObject();
        var body = _json.End();
        _context.Processing.RecordSince(start);
        await _context.Feeds.PublishAsync(_obstaclesTopic, body, "application/json", 2, false, cancellationToken).ConfigureAwait(false);
        _context.EndToEnd.RecordSince(receivedTimestamp);
        await _context.Alarms.ObstacleAsync(result.Stamp.TimestampNs, AlarmFeed.MultibeamSonar,
            result.HasNearestInCorridor ? result.NearestInCorridor.RangeM : float.NaN, cancellationToken).ConfigureAwait(false);

        if (_fan.IsDue(result.Stamp.TimestampNs))
        {
            // Rendered only when due (the pipeline skips the fan per frame): the last frame's image is still in it.
            var fan = _pipeline.RenderFan(_fanPixels);
            _fanGeometry = fan;
            var png = _fan.Encode(_fanPixels, fan.Width, fan.Height, result.Stamp.TimestampNs);
            await _context.Feeds.PublishAsync(_fanTopic, png, "image/png", 2, false, cancellationToken).ConfigureAwait(false);
        }
    }

    // "fan": where the sonar is in the fan image and its scale; "corridor": the collector's path ahead.
    private void WriteGeometry(System.Text.Json.Utf8JsonWriter json)
    {
        json.WriteStartObject("corridor");
        JsonFeedBuffer.Number(json, "halfWidthM", _corridor.HalfWidthM, 2);
        JsonFeedBuffer.Number(json, "maxRangeM", _corridor.MaxRangeM, 2);
        json.WriteEndObject();
        if (_fanGeometry.Width == 0)
        {
            return;
        }

        json.WriteStartObject("fan");
        json.WriteNumber("width", _fanGeometry.Width);
        json.WriteNumber("height", _fanGeometry.Height);
        JsonFeedBuffer.Number(json, "metresPerPixel", _fanGeometry.MetresPerPixel, 5);
        JsonFeedBuffer.Number(json, "originColumn", _fanGeometry.OriginColumn, 2);
        JsonFeedBuffer.Number(json, "originRow", _fanGeometry.OriginRow, 2);
        json.WriteEndObject();
    }
}
