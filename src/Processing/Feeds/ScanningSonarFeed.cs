using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Dsp.Pipelines.ScanningSonar;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// The scanning sonar's processing and feeds, shared by the two ways its steps arrive (the project's wire
/// encoding, and raw Ping360 device frames): the <see cref="ScanningSonarPipeline"/>, the obstacles feed
/// whenever a sector detection ran, and the 360° image at a bounded rate.
/// </summary>
public sealed class ScanningSonarFeed
{
    private readonly HandlerContext _context;
    private readonly ScanningSonarPipeline _pipeline;
    private readonly CorridorSettings _corridor;
    private readonly string _obstaclesTopic;
    private readonly string _imageTopic;
    private readonly JsonFeedBuffer _json = new();
    private readonly ImageFeed _image;
    private readonly byte[] _pixels;
    private readonly int _size;

    /// <summary>Creates the feed for <paramref name="sensor"/>.</summary>
    public ScanningSonarFeed(string sensor, HandlerContext context, ScanningSonarSettings settings, CorridorSettings corridor,
        double imageRateHz = 1.0)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        _context = context;
        _pipeline = new ScanningSonarPipeline(settings);
        _corridor = corridor;
        _obstaclesTopic = context.Topics.Feed(FeedNames.Obstacles, sensor);
        _imageTopic = context.Topics.Feed(FeedNames.Scan, sensor);
        _image = new ImageFeed(imageRateHz);
        _size = settings.CartesianSize;
        _pixels = new byte[_size * _size];
    }

    /// <summary>Steps accepted by the pipeline.</summary>
    public long Steps => _pipeline.StepsProcessed;

    /// <summary>Runs one step and publishes what it produced. Returns false when the pipeline refused it.</summary>
    public async ValueTask<bool> ProcessAsync(ScanningSonarStep step, long start, long receivedTimestamp, CancellationToken cancellationToken)
    {
        var result = _pipeline.Process(step);
        if (!result.Accepted)
        {
            return false;
        }

        if (result.SectorDetected)
        {
            var obstacles = _pipeline.Obstacles;
            var hasNearest = PolarObstacleDetector.NearestInCorridor(obstacles, _corridor, out var nearest);
            var json = _json.Begin();
            json.WriteStartObject();
            JsonFeedBuffer.Stamp(json, result.Stamp);
            json.WriteNumber("angleGrad", result.AngleGrads);
            JsonFeedBuffer.Number(json, "imageRangeM", result.ImageRangeM, 2);
            ObstacleJson.WriteList(json, hasNearest, nearest, obstacles);
            json.WriteEndObject();
            var body = _json.End();
            _context.Processing.RecordSince(start);
            await _context.Feeds.PublishAsync(_obstaclesTopic, body, "application/json", 5, false, cancellationToken).ConfigureAwait(false);
            _context.EndToEnd.RecordSince(receivedTimestamp);
            await _context.Alarms.ObstacleAsync(result.Stamp.TimestampNs, AlarmFeed.ScanningSonar,
                hasNearest ? nearest.RangeM : float.NaN, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _context.Processing.RecordSince(start);
            await _context.Alarms.TouchAsync(result.Stamp.TimestampNs, AlarmFeed.ScanningSonar, cancellationToken).ConfigureAwait(false);
        }

        if (_image.IsDue(result.Stamp.TimestampNs))
        {
            _pipeline.RenderCartesian(_pixels);
            var png = _image.Encode(_pixels, _size, _size, result.Stamp.TimestampNs);
            await _context.Feeds.PublishAsync(_imageTopic, png, "image/png", 5, false, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
