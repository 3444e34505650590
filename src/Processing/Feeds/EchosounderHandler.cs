using System.Diagnostics;
using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Wire;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// One echosounder: decodes each raw ping, runs the <see cref="EchosounderPipeline"/> and publishes the altitude
/// feed (<c>feed/altitude/{sensor}</c>, JSON, expires after 2 s because an old altitude is a dangerous one),
/// then tells the alarm hub.
/// </summary>
public sealed class EchosounderHandler : ISensorHandler
{
    private readonly HandlerContext _context;
    private readonly string _sensor;
    private readonly string _topic;
    private readonly EchosounderPingCodec _codec;
    private readonly EchosounderPipeline _pipeline;
    private readonly JsonFeedBuffer _json = new();

    /// <summary>Creates the handler.</summary>
    public EchosounderHandler(string sensor, HandlerContext context, EchosounderSettings settings, int maxSamples = 65536)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _sensor = sensor;
        _topic = context.Topics.Feed(FeedNames.Altitude, sensor);
        _codec = new EchosounderPingCodec(maxSamples);
        _pipeline = new EchosounderPipeline(settings);
    }

    /// <summary>The latest estimate (for the terminal view and tests).</summary>
    public AltitudeEstimate Latest { get; private set; }

    /// <inheritdoc/>
    public async ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var error = _codec.TryDecode(payload.Span, out var ping);
        if (error != WireError.None)
        {
            _context.Errors.Report(_sensor, WireErrorNames.Of(error), WireErrorNames.Explain(error));
            return;
        }

        var estimate = _pipeline.Process(ping);
        Latest = estimate;
        var body = Write(estimate);
        _context.Processing.RecordSince(start);
        await _context.Feeds.PublishAsync(_topic, body, "application/json", 2, false, cancellationToken).ConfigureAwait(false);
        _context.EndToEnd.RecordSince(receivedTimestamp);
        await _context.Alarms.AltitudeAsync(estimate.Stamp.TimestampNs, (float)estimate.AltitudeM,
            estimate.State == AltitudeState.Valid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The altitude feed's JSON for <paramref name="e"/> (fields in docs/topics.md).</summary>
    public ReadOnlyMemory<byte> Write(in AltitudeEstimate e)
    {
        var json = _json.Begin();
        json.WriteStartObject();
        JsonFeedBuffer.Stamp(json, e.Stamp);
        JsonFeedBuffer.Number(json, "altitudeM", e.AltitudeM, 3);
        JsonFeedBuffer.Number(json, "confidence", e.Confidence, 3);
        JsonFeedBuffer.Number(json, "bottomDb", e.BottomStrengthDb, 1);
        JsonFeedBuffer.Number(json, "snrDb", e.SnrDb, 1);
        json.WriteString("state", StateName(e.State));
        JsonFeedBuffer.Number(json, "rawPickM", e.RawPickM, 3);
        JsonFeedBuffer.Number(json, "soundSpeedMps", e.SoundSpeedMps, 1);
        json.WriteEndObject();
        return _json.End();
    }

    private static string StateName(AltitudeState state) => state switch
    {
        AltitudeState.Valid => "valid",
        AltitudeState.Held => "held",
        _ => "lost",
    };
}
