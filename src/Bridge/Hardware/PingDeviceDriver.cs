using RovDsp.Dsp.Formats.Ping;

namespace RovDsp.Bridge.Hardware;

/// <summary>
/// Talks to one Ping device the way Ping Viewer does: asks for <c>device_information</c>, then drives it. A
/// Ping360 gets one <c>transducer</c> command per angle (transmit = 1) and answers with <c>device_data</c>; a
/// Ping1D is polled for <c>profile</c>. Every frame the device sends is handed on unchanged (byte for byte as on
/// the wire) to be published on the raw <c>ping</c> topic; garbage and bad checksums are skipped and counted by
/// the frame parser, and a missing reply is a counted timeout after which the scan simply goes on.
/// </summary>
public sealed class PingDeviceDriver
{
    private readonly IPingTransport _transport;
    private readonly PingDriverOptions _options;
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _publish;
    private readonly PingFrameParser _parser = new();
    private readonly PingFrameHandler _onFrame;
    private readonly byte[] _receive = new byte[PingFraming.MaxPayloadLength + 64];
    private readonly byte[] _send = new byte[64];
    private readonly List<(byte[] Bytes, int Length, ushort Id)> _pending = [];
    private readonly Stack<byte[]> _spare = new();

    /// <summary>Creates a driver over <paramref name="transport"/> that hands every device frame to
    /// <paramref name="publishFrame"/>.</summary>
    public PingDeviceDriver(IPingTransport transport, PingDriverOptions options,
        Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> publishFrame)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(publishFrame);
        options.Validate();
        _transport = transport;
        _options = options;
        _publish = publishFrame;
        _onFrame = CollectFrame;
    }

    /// <summary>The device's answer to <c>device_information</c>, once identified.</summary>
    public PingDeviceInformation? Device { get; private set; }

    /// <summary>Frames received and handed on.</summary>
    public long FramesPublished { get; private set; }

    /// <summary>Requests that got no reply in time.</summary>
    public long Timeouts { get; private set; }

    /// <summary>Commands the device refused with a <c>nack</c>.</summary>
    public long Nacks { get; private set; }

    /// <summary>The frame parser (its checksum-error and discarded-byte counters).</summary>
    public PingFrameParser Parser => _parser;

    /// <summary>The angle the Ping360 will be sent to next, gradians.</summary>
    public int NextAngle { get; private set; }

    /// <summary>Asks the device what it is, retrying; throws <see cref="TimeoutException"/> if it never answers.</summary>
    public async Task<PingDeviceInformation> IdentifyAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < _options.IdentifyAttempts; attempt++)
        {
            var request = new PingGeneralRequest { RequestedId = PingDeviceInformation.Identifier };
            var length = PingFrameWriter.Write(_send, request, _options.HostId, 0);
            await _transport.SendAsync(_send.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            var reply = await AwaitReplyAsync(PingDeviceInformation.Identifier, TimeSpan.FromSeconds(1), cancellationToken)
                .ConfigureAwait(false);
            if (reply is { } bytes && PingDeviceInformation.TryRead(PayloadOf(bytes), out var info))
            {
                Device = info;
                return info;
            }
        }

        throw new TimeoutException($"no device_information from {_transport.Description} after {_options.IdentifyAttempts} requests");
    }

    /// <summary>Identifies the device and drives it until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var device = Device ?? await IdentifyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (device.DeviceType == (byte)PingDeviceType.Ping360)
                {
                    await StepPing360Async(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await PollPing1DAsync(cancellationToken).ConfigureAwait(false);
                    await Task.Delay(_options.Ping1DInterval, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>Sends one transducer command at <see cref="NextAngle"/> and waits for its device_data.</summary>
    public async Task<bool> StepPing360Async(CancellationToken cancellationToken)
    {
        var command = new Ping360Transducer
        {
            Mode = 1,
            GainSetting = _options.GainSetting,
            Angle = (ushort)NextAngle,
            TransmitDuration = _options.TransmitDurationUs,
            SamplePeriod = _options.SamplePeriodTicks,
            TransmitFrequency = _options.TransmitFrequencyKhz,
            NumberOfSamples = _options.NumberOfSamples,
            Transmit = 1,
        };
        var length = PingFrameWriter.Write(_send, command, _options.HostId, 0);
        await _transport.SendAsync(_send.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        var replied = await AwaitReplyAsync(Ping360DeviceData.Identifier, _options.ReplyTimeout, cancellationToken)
            .ConfigureAwait(false) is not null;
        NextAngle = (NextAngle + _options.AngleStep) % 400;
        return replied;
    }

    private async Task<bool> PollPing1DAsync(CancellationToken cancellationToken)
    {
        var request = new PingGeneralRequest { RequestedId = Ping1DProfile.Identifier };
        var length = PingFrameWriter.Write(_send, request, _options.HostId, 0);
        await _transport.SendAsync(_send.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        return await AwaitReplyAsync(Ping1DProfile.Identifier, _options.ReplyTimeout, cancellationToken).ConfigureAwait(false)
            is not null;
    }

    private static ReadOnlySpan<byte> PayloadOf(byte[] frame) =>
        frame.AsSpan(PingFraming.HeaderLength, frame[2] | (frame[3] << 8));

    // Receives until a frame with the expected id (or a nack) arrives, publishing every frame on the way.
    // Returns the expected frame's bytes (valid until the next call), or null on timeout or nack.
    private async Task<byte[]?> AwaitReplyAsync(ushort expectedId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var n = await _transport.ReceiveAsync(_receive, deadline.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new EndOfStreamException($"{_transport.Description} closed");
                }

                _parser.Process(_receive.AsSpan(0, n), _onFrame);
                byte[]? match = null;
                var nacked = false;
                foreach (var (bytes, length, id) in _pending)
                {
                    await _publish(bytes.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                    FramesPublished++;
                    if (id == expectedId)
                    {
                        match = bytes;
                    }
                    else if (id == PingNack.Identifier)
                    {
                        Nacks++;
                        nacked = true;
                    }
                }

                foreach (var (bytes, _, _) in _pending)
                {
                    if (!ReferenceEquals(bytes, match))
                    {
                        _spare.Push(bytes);
                    }
                }

                _pending.Clear();
                if (match is not null)
                {
                    _spare.Push(match); // reused only by a later receive, after the caller has read it
                    return match;
                }

                if (nacked)
                {
                    return null;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Timeouts++;
            return null;
        }
    }

    private void CollectFrame(PingFrame frame)
    {
        var buffer = _spare.Count > 0 ? _spare.Pop() : new byte[PingFraming.MaxPayloadLength + 16];
        var length = PingFrameWriter.Write(buffer, frame.MessageId, frame.SourceId, frame.DestinationId, frame.Payload);
        _pending.Add((buffer, length, frame.MessageId));
    }
}
