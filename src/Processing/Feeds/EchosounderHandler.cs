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

    // A checkpoint reads the last valid altitude from its timer while the worker processes (see SlurryHandler).
    private readonly object _memoryGate = new();
    private AltitudeMemory _restored;
    private long _restoreDayStartNs, _restoreDayEndNs;

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

    /// <summary>The tracker's last valid altitude and its time, for a checkpoint (safe from any thread); a restored one
    /// not yet taken up is returned as it is.</summary>
    public AltitudeMemory LastValid
    {
        get
        {
            lock (_memoryGate)
            {
                return _restored.HasValue ? _restored : _pipeline.LastValid;
            }
        }
    }

    /// <summary>Whether a restored altitude was taken up (1), refused as another day's (−1) or waits for the first ping (0).</summary>
    public int RestoreOutcome { get; private set; }

    /// <summary>A last valid altitude from before a restart: the first ping takes it up as an old track
    /// (<see cref="EchosounderPipeline.Restore"/>, aged from its time, never shown valid) if that ping's time is within
    /// [<paramref name="dayStartNs"/>, <paramref name="dayEndNs"/>), the checkpoint's day; otherwise it is dropped.</summary>
    /// <exception cref="ArgumentException">The memory is not restorable (<see cref="AltitudeMemory.Problem"/>).</exception>
    public void Restore(in AltitudeMemory memory, long dayStartNs, long dayEndNs)
    {
        if (memory.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(memory));
        }

        lock (_memoryGate)
        {
            _restored = memory;
            _restoreDayStartNs = dayStartNs;
            _restoreDayEndNs = dayEndNs;
        }
    }

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

        AltitudeEstimate estimate;
        lock (_memoryGate)
        {
            if (_restored.HasValue)
            {
                TakeUpRestored(ping.Stamp.TimestampNs);
            }

            estimate = _pipeline.Process(ping);
        }

        Latest = estimate;
        var body = Write(estimate);
        _context.Processing.RecordSince(start);
        await _context.Feeds.PublishAsync(_topic, body, "application/json", 2, false, cancellationToken).ConfigureAwait(false);
        _context.EndToEnd.RecordSince(receivedTimestamp);
        await _context.Alarms.AltitudeAsync(estimate.Stamp.TimestampNs, (float)estimate.AltitudeM,
            estimate.State == AltitudeState.Valid, cancellationToken).ConfigureAwait(false);
    }

    // Under the lock, at the first ping.
    private void TakeUpRestored(long pingNs)
    {
        var inDay = pingNs >= _restoreDayStartNs && pingNs < _restoreDayEndNs;
        if (inDay)
        {
            _pipeline.Restore(_restored);
        }

        RestoreOutcome = inDay ? 1 : -1;
        _restored = default;
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
