using System.Net;
using System.Net.Sockets;
using RovDsp.Dsp.Formats.Ping;
using RovDsp.Replay.Simulation;

namespace RovDsp.Replay.Devices;

/// <summary>
/// A Ping360 on a loopback UDP port that answers like the real one: <c>general_request</c> for
/// <c>device_information</c> gets device type 2 (Ping360); each <c>transducer</c> command gets a
/// <c>device_data</c> reply for the commanded angle with the commanded number of 8-bit samples, whose echoes come
/// from <see cref="Targets"/> at the commanded sample period (range = c·t/2 at the device's 1,500 m/s
/// convention), over deterministic speckle noise. It can also misbehave on purpose (drop replies, send garbage
/// or corrupt checksums) so the bridge's adapter is tested against a bad link, not only a good one.
/// </summary>
public sealed class SimulatedPing360Device : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly PingFrameParser _parser = new();
    private readonly DeterministicRandom _random;
    private readonly byte[] _receive = new byte[2048];
    private readonly byte[] _reply = new byte[PingFraming.HeaderLength + Ping360DeviceData.FixedPayloadLength + 1200 + 8];
    private readonly byte[] _samples = new byte[1200];
    private readonly Task _loop;
    private EndPoint _host = new IPEndPoint(IPAddress.Loopback, 0);
    private readonly List<PendingReply> _replies = [];

    /// <summary>Starts the device on 127.0.0.1 at a free port.</summary>
    public SimulatedPing360Device(ulong seed = 1)
    {
        _random = new DeterministicRandom(seed).Fork("ping360-device");
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Where the device listens.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Point targets: bearing in gradians, range in metres, peak intensity 0–255.</summary>
    public IList<(int AngleGrad, double RangeM, byte Intensity)> Targets { get; } = [];

    /// <summary>Probability of silently not answering a transducer command.</summary>
    public double DropProbability { get; set; }

    /// <summary>Probability of sending random garbage bytes before a reply.</summary>
    public double GarbageProbability { get; set; }

    /// <summary>Probability of corrupting a reply's checksum.</summary>
    public double CorruptProbability { get; set; }

    /// <summary>Transducer commands received.</summary>
    public long CommandsReceived { get; private set; }

    /// <summary>device_data replies sent intact.</summary>
    public long RepliesSent { get; private set; }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(_receive, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            _host = result.RemoteEndPoint;
            _parser.Process(_receive.AsSpan(0, result.ReceivedBytes), OnFrame);
            foreach (var reply in _replies)
            {
                if (reply.Garbage > 0)
                {
                    var junk = new byte[reply.Garbage];
                    for (var i = 0; i < junk.Length; i++)
                    {
                        junk[i] = (byte)_random.NextInt(256);
                    }

                    await SendAsync(junk).ConfigureAwait(false);
                }

                await SendAsync(reply.Frame).ConfigureAwait(false);
            }

            _replies.Clear();
        }
    }

    private async Task SendAsync(byte[] datagram)
    {
        try
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, _host, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The host went away; a real device would not notice either.
        }
    }

    private void OnFrame(PingFrame frame)
    {
        if (frame.MessageId == PingGeneralRequest.Identifier
            && PingGeneralRequest.TryRead(frame.Payload, out var request)
            && request.RequestedId == PingDeviceInformation.Identifier)
        {
            var info = new PingDeviceInformation
            {
                DeviceType = (byte)PingDeviceType.Ping360,
                DeviceRevision = 1,
                FirmwareVersionMajor = 3,
                FirmwareVersionMinor = 3,
                FirmwareVersionPatch = 1,
            };
            var length = PingFrameWriter.Write(_reply, info, sourceId: 1, destinationId: frame.SourceId);
            _replies.Add(new PendingReply(_reply.AsSpan(0, length).ToArray(), 0));
            return;
        }

        if (frame.MessageId != Ping360Transducer.Identifier || !Ping360Transducer.TryRead(frame.Payload, out var command))
        {
            return;
        }

        CommandsReceived++;
        if (_random.NextBool(DropProbability))
        {
            return;
        }

        var count = Math.Clamp((int)command.NumberOfSamples, 0, _samples.Length);
        Synthesize(command, _samples.AsSpan(0, count));
        var data = new Ping360DeviceData
        {
            Mode = 1,
            GainSetting = command.GainSetting,
            Angle = command.Angle,
            TransmitDuration = command.TransmitDuration,
            SamplePeriod = command.SamplePeriod,
            TransmitFrequency = command.TransmitFrequency,
            NumberOfSamples = (ushort)count,
            Data = _samples.AsSpan(0, count),
        };
        var written = PingFrameWriter.Write(_reply, data, sourceId: 1, destinationId: frame.SourceId);
        var bytes = _reply.AsSpan(0, written).ToArray();
        if (_random.NextBool(CorruptProbability))
        {
            bytes[^1] ^= 0x5A;
        }
        else
        {
            RepliesSent++;
        }

        _replies.Add(new PendingReply(bytes, _random.NextBool(GarbageProbability) ? 1 + _random.NextInt(40) : 0));
    }

    private void Synthesize(in Ping360Transducer command, Span<byte> samples)
    {
        // Device convention: range of sample i = 1500 m/s · (i + 1) · period · 25 ns / 2.
        var metresPerSample = 1500.0 * command.SamplePeriod * 25e-9 / 2.0;
        for (var i = 0; i < samples.Length; i++)
        {
            // Rayleigh-distributed speckle around a low noise floor.
            samples[i] = (byte)Math.Min(255.0, 12.0 * Math.Sqrt(_random.NextExponential(1.0)));
        }

        foreach (var (angle, range, intensity) in Targets)
        {
            var d = Math.Abs(angle - command.Angle) % 400;
            d = Math.Min(d, 400 - d);
            if (d > 2)
            {
                continue;
            }

            var centre = range / metresPerSample - 1.0;
            for (var i = Math.Max(0, (int)centre - 3); i <= Math.Min(samples.Length - 1, (int)centre + 3); i++)
            {
                var w = Math.Exp(-0.5 * (i - centre) * (i - centre) - 0.5 * d * d);
                samples[i] = (byte)Math.Max(samples[i], Math.Min(255.0, intensity * w));
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private readonly record struct PendingReply(byte[] Frame, int Garbage);
}
