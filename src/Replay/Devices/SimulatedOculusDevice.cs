using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using RovDsp.Dsp.Formats.Oculus;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Multibeam;

namespace RovDsp.Replay.Devices;

/// <summary>
/// A Blueprint Subsea Oculus multibeam on a loopback TCP port that answers as the protocol says: it takes one
/// client, waits for a SimpleFireMessage, then sends SimplePingResult frames at the fire message's ping rate until
/// the client goes. The pings are either made by the <see cref="MultibeamSimulator"/> of a dive (frame k of the dive
/// as pingId k, at the fired range, 8- or 16-bit as fired, with per-row gains when asked) or the real pings of a
/// capture, served byte for byte in turn. It broadcasts its status over UDP to a given address (loopback in tests)
/// so a client can discover it, and misbehaves on demand: garbage bytes, a half-sent frame, a dropped connection,
/// silence.
/// </summary>
public sealed class SimulatedOculusDevice : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<byte[]>? _recorded;
    private readonly DiveWorld? _world;
    private readonly MultibeamSimulatorSettings _settings;
    private readonly Dictionary<double, (MultibeamSimulator Sim, MultibeamFrame Frame)> _simulators = [];
    private readonly List<MultibeamObstacleTruth> _truth = [];
    private readonly IPEndPoint? _statusTarget;
    private readonly Task _accept;
    private readonly Task _status;
    private CancellationTokenSource? _connection;
    private Task _serving = Task.CompletedTask;
    private int _garbage;
    private bool _halfNext;
    private bool _dropNext;
    private int _nextFrame;
    private int _nextRecorded;
    private byte[] _buffer = [];

    private SimulatedOculusDevice(DiveWorld? world, int firstFrame, MultibeamSimulatorSettings? settings, List<byte[]>? recorded,
        IPEndPoint? statusTarget, TimeSpan statusInterval)
    {
        _world = world;
        _nextFrame = firstFrame;
        _settings = settings ?? new MultibeamSimulatorSettings();
        _recorded = recorded;
        _statusTarget = statusTarget;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _accept = Task.Run(AcceptAsync);
        _status = statusTarget is null ? Task.CompletedTask : Task.Run(() => BroadcastStatusAsync(statusInterval));
    }

    /// <summary>A device whose pings come from the dive's imaging-sonar simulator, starting at frame
    /// <paramref name="firstFrame"/> (the fired range replaces <see cref="MultibeamSimulatorSettings.RangeM"/>).</summary>
    /// <param name="world">The dive.</param>
    /// <param name="firstFrame">The dive frame of the first ping (frame k is at k / the settings' frame rate).</param>
    /// <param name="settings">Beams, bins and the rest (defaults: 256 × 703 over 130° at 750 kHz).</param>
    /// <param name="statusTarget">Where to send UDP status messages, or null for none.</param>
    /// <param name="statusInterval">How often (default 1 s, as the sonar does).</param>
    public static SimulatedOculusDevice FromSimulator(DiveWorld world, int firstFrame = 0, MultibeamSimulatorSettings? settings = null,
        IPEndPoint? statusTarget = null, TimeSpan? statusInterval = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentOutOfRangeException.ThrowIfNegative(firstFrame);
        return new SimulatedOculusDevice(world, firstFrame, settings, null, statusTarget, statusInterval ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>A device that serves the SimplePingResult messages of <paramref name="capture"/> (an Oculus TCP
    /// capture such as shared/data/oculus/*.raw) unchanged, one per ping, from the first again after the last.</summary>
    /// <exception cref="ArgumentException">The capture holds no ping result.</exception>
    public static SimulatedOculusDevice FromCapture(ReadOnlyMemory<byte> capture, IPEndPoint? statusTarget = null, TimeSpan? statusInterval = null)
    {
        var pings = OculusStreamSplitter.Split(capture).Messages
            .Where(m => m.Header.MessageId == OculusMessageHeader.SimplePingResultId)
            .Select(m => m.Bytes.ToArray())
            .ToList();
        if (pings.Count == 0)
        {
            throw new ArgumentException("the capture holds no SimplePingResult", nameof(capture));
        }

        return new SimulatedOculusDevice(null, 0, null, pings, statusTarget, statusInterval ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>The TCP endpoint the device listens on.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>When true the device keeps the connection but sends no pings (a sonar that stopped answering).</summary>
    public bool Silent { get; set; }

    /// <summary>Connections accepted.</summary>
    public long Connections { get; private set; }

    /// <summary>Fire messages received.</summary>
    public long FiresReceived { get; private set; }

    /// <summary>The last fire message received, or null.</summary>
    public OculusSimpleFireMessage? LastFire { get; private set; }

    /// <summary>Whole pings sent.</summary>
    public long PingsSent { get; private set; }

    /// <summary>The pingIds (dive frames, or indices into the capture) of the whole pings sent, in order.</summary>
    public IReadOnlyList<uint> SentPingIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _sentIds];
            }
        }
    }

    private readonly List<uint> _sentIds = [];

    /// <summary>Status datagrams sent.</summary>
    public long StatusSent { get; private set; }

    /// <summary>Sends <paramref name="bytes"/> random bytes before the next ping.</summary>
    public void InjectGarbage(int bytes) => Interlocked.Add(ref _garbage, bytes);

    /// <summary>Sends only the first half of the next ping (the one after is whole).</summary>
    public void SendHalfFrameNext() => _halfNext = true;

    /// <summary>Sends half of the next ping, then closes the connection.</summary>
    public void DropConnectionNext() => _dropNext = true;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            // One client at a time, as the sonar: a new one replaces the old.
            if (_connection is { } old)
            {
                await old.CancelAsync().ConfigureAwait(false);
                await _serving.ConfigureAwait(false);
                old.Dispose();
            }

            Connections++;
            _connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            _serving = ServeAsync(client, _connection);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationTokenSource connection)
    {
        using var _ = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        var fired = new TaskCompletionSource();
        var reader = Task.Run(() => ReadFiresAsync(stream, fired, connection), CancellationToken.None);
        try
        {
            await fired.Task.WaitAsync(connection.Token).ConfigureAwait(false);
            var random = new DeterministicRandom(7).Fork("oculus-device");
            var next = System.Diagnostics.Stopwatch.GetTimestamp();
            while (!connection.IsCancellationRequested)
            {
                var fire = LastFire!;
                var rate = fire.PingRate switch { 1 => 15.0, 2 => 40.0, 3 => 5.0, 4 => 2.0, 5 => 0.0, _ => 10.0 };
                next += (long)(System.Diagnostics.Stopwatch.Frequency / (rate > 0 ? rate : 1.0));
                var delay = System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp(), next);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, connection.Token).ConfigureAwait(false);
                }
                else if (delay < TimeSpan.FromSeconds(-1))
                {
                    next = System.Diagnostics.Stopwatch.GetTimestamp(); // fell far behind: do not burst to catch up
                }

                if (Silent || rate == 0)
                {
                    continue;
                }

                var garbage = Interlocked.Exchange(ref _garbage, 0);
                if (garbage > 0)
                {
                    var junk = new byte[garbage];
                    for (var i = 0; i < junk.Length; i++)
                    {
                        junk[i] = (byte)random.NextInt(256);
                    }

                    await stream.WriteAsync(junk, connection.Token).ConfigureAwait(false);
                }

                var (bytes, id) = NextPing(fire);
                if (_dropNext)
                {
                    _dropNext = false;
                    await stream.WriteAsync(bytes[..(bytes.Length / 2)], connection.Token).ConfigureAwait(false);
                    return;
                }

                if (_halfNext)
                {
                    _halfNext = false;
                    await stream.WriteAsync(bytes[..(bytes.Length / 2)], connection.Token).ConfigureAwait(false);
                    continue;
                }

                await stream.WriteAsync(bytes, connection.Token).ConfigureAwait(false);
                PingsSent++;
                lock (_gate)
                {
                    _sentIds.Add(id);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // The client went, or the device stops.
        }
        finally
        {
            client.Close();
            await connection.CancelAsync().ConfigureAwait(false);
            await reader.ConfigureAwait(false);
        }
    }

    // Reads the client's messages; every SimpleFireMessage updates the settings.
    private async Task ReadFiresAsync(NetworkStream stream, TaskCompletionSource fired, CancellationTokenSource connection)
    {
        var buffer = new byte[4096];
        var held = 0;
        try
        {
            while (!connection.IsCancellationRequested)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(held), connection.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                held += n;
                var split = OculusStreamSplitter.Split(buffer.AsMemory(0, held), 1024);
                foreach (var m in split.Messages)
                {
                    if (m.Header.MessageId == OculusMessageHeader.SimpleFireId)
                    {
                        LastFire = OculusSimpleFireMessage.Parse(m.Bytes.Span[OculusMessageHeader.Size..], m.Offset + OculusMessageHeader.Size);
                        FiresReceived++;
                        fired.TrySetResult();
                    }
                }

                var rest = held - (int)split.RemainderOffset;
                buffer.AsSpan((int)split.RemainderOffset, rest).CopyTo(buffer);
                held = rest;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException or OculusFormatException)
        {
            // Gone.
        }

        await connection.CancelAsync().ConfigureAwait(false);
    }

    private (byte[] Bytes, uint Id) NextPing(OculusSimpleFireMessage fire)
    {
        if (_recorded is not null)
        {
            var i = _nextRecorded;
            _nextRecorded = (i + 1) % _recorded.Count;
            return (_recorded[i], (uint)i);
        }

        var range = Math.Clamp(Math.Round(fire.Range, 2), 1.0, 120.0);
        if (!_simulators.TryGetValue(range, out var sim))
        {
            var s = new MultibeamSimulator(_world!, _settings with { RangeM = range });
            sim = (s, s.CreateFrame());
            _simulators[range] = sim;
        }

        var k = _nextFrame++;
        var frame = sim.Frame;
        sim.Sim.Simulate(k, frame, _truth);
        var beams = frame.BeamCount;
        var bins = frame.BinCount;
        var bearings = new short[beams];
        for (var b = 0; b < beams; b++)
        {
            bearings[b] = (short)Math.Round(frame.BearingsRad[b] * 180.0 / Math.PI * 100.0);
        }

        var wide = (fire.Flags & OculusSimpleFireMessage.FlagData16Bit) != 0;
        ReadOnlySpan<byte> samples = frame.ByteSamples.AsSpan(0, beams * bins);
        if (wide)
        {
            // A 16-bit sonar resolves more levels; the simulator's 8-bit amplitude goes in the high byte.
            var words = new byte[beams * bins * 2];
            for (var i = 0; i < beams * bins; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(2 * i), (ushort)(samples[i] << 8));
            }

            samples = words;
        }

        var fields = new OculusPingFields
        {
            PingId = (uint)k,
            FrequencyHz = frame.FrequencyHz,
            TemperatureC = _world!.Scenario.WaterTemperatureC,
            SpeedOfSoundUsed = frame.SoundSpeedMps,
            DataSize = wide ? OculusDataSize.Bits16 : OculusDataSize.Bits8,
            RangeResolutionM = frame.RangeResolutionM,
            Ranges = bins,
            SrcDeviceId = 1,
        };
        var length = OculusSimplePingResultWriter.GetLength(beams, bins, fields.DataSize, fire.GainSent);
        if (_buffer.Length != length)
        {
            _buffer = new byte[length];
        }

        OculusSimplePingResultWriter.Write(_buffer, fire, fields, bearings, samples, frame.RowGains);
        return (_buffer, (uint)k);
    }

    private async Task BroadcastStatusAsync(TimeSpan interval)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { EnableBroadcast = true };
        var datagram = new byte[OculusStatusMessage.Size];
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                new OculusStatusMessage
                {
                    SrcDeviceId = 1,
                    DeviceId = 1,
                    PartNumber = 1032, // M750d
                    IpAddress = EndPoint.Address,
                    IpMask = IPAddress.Parse("255.0.0.0"),
                }.Write(datagram);
                await socket.SendToAsync(datagram, SocketFlags.None, _statusTarget!, _stop.Token).ConfigureAwait(false);
                StatusSent++;
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopping.
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accept.ConfigureAwait(false);
        await _serving.ConfigureAwait(false);
        await _status.ConfigureAwait(false);
        _connection?.Dispose();
        _stop.Dispose();
    }
}
