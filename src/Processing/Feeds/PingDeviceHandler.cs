using System.Diagnostics;
using RovDsp.Dsp.Formats.Ping;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Dsp.Pipelines.ScanningSonar;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// Blue Robotics Ping protocol frames exactly as a device sent them (raw kind <c>ping</c>): each payload is
/// run through a <see cref="PingFrameParser"/> (so garbage and bad checksums are skipped and counted), Ping360
/// <c>device_data</c> becomes a <see cref="ScanningSonarStep"/> for the scanning-sonar feed, and anything else
/// (device information, acks, auto-transmit data, Ping1D messages) is counted and otherwise ignored here. The step is stamped with the
/// time the bridge received it and a running sequence: the device's frames carry neither.
/// </summary>
public sealed class PingDeviceHandler : ISensorHandler
{
    private readonly HandlerContext _context;
    private readonly string _sensor;
    private readonly PingFrameParser _parser = new();
    private readonly PingFrameHandler _onFrame;
    private readonly ScanningSonarStep _step;
    private readonly ScanningSonarFeed _feed;
    private bool _haveStep;
    private int _badData;
    private readonly TimeProvider _clock;
    private uint _sequence;

    /// <summary>Creates the handler.</summary>
    /// <param name="sensor">Sensor name.</param>
    /// <param name="context">Shared handler context.</param>
    /// <param name="settings">Scanning-sonar pipeline settings.</param>
    /// <param name="corridor">Obstacle corridor.</param>
    /// <param name="clock">Stamp source (its <see cref="TimeProvider.GetUtcNow"/>, as ns since the Unix epoch):
    /// <see cref="TimeProvider.System"/> live (when null); offline processing passes one that reads the recorded log
    /// time so the same recording gives the same feeds.</param>
    public PingDeviceHandler(string sensor, HandlerContext context, ScanningSonarSettings settings, CorridorSettings corridor,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        _context = context;
        _sensor = sensor;
        _step = new ScanningSonarStep(settings.MaxSamples);
        _feed = new ScanningSonarFeed(sensor, context, settings, corridor);
        _onFrame = OnFrame;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Frames that were not Ping360 device data.</summary>
    public long OtherFrames { get; private set; }

    /// <summary>The frame parser (checksum errors, discarded bytes).</summary>
    public PingFrameParser Parser => _parser;

    /// <inheritdoc/>
    public async ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var checksumErrors = _parser.ChecksumErrors;
        _haveStep = false;
        _badData = 0;
        _parser.Process(payload.Span, _onFrame);
        if (_parser.ChecksumErrors != checksumErrors)
        {
            _context.Errors.Report(_sensor, "ping-checksum", "a Ping protocol frame failed its checksum");
        }

        if (_badData > 0)
        {
            _context.Errors.Report(_sensor, "ping-device-data", "a Ping360 device_data frame was malformed or too long");
        }

        if (_haveStep && !await _feed.ProcessAsync(_step, start, receivedTimestamp, cancellationToken).ConfigureAwait(false))
        {
            _context.Errors.Report(_sensor, "rejected-step", "the scanning-sonar pipeline refused the step");
        }
    }

    private void OnFrame(PingFrame frame)
    {
        if (frame.MessageId == Ping360DeviceData.Identifier)
        {
            var nowNs = (_clock.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
            if (Ping360DeviceData.TryRead(frame.Payload, out var data) && _step.TryCopyFrom(data, new MessageStamp(nowNs, _sequence++)))
            {
                _haveStep = true;
            }
            else
            {
                _badData++;
            }

            return;
        }

        OtherFrames++;
    }
}
