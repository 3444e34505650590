using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using RovDsp.Dsp.Formats.Oculus;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Wire;

namespace RovDsp.Bridge.Hardware.Oculus;

/// <summary>
/// Drives a Blueprint Subsea Oculus multibeam over its own protocol: finds it (a given address, or its UDP status
/// broadcasts), connects over TCP, fires it with a SimpleFireMessage at the configured range, gain and rate, and
/// turns every SimplePingResult (8/16/32-bit image, per-row gains, bearing table) into the raw multibeam wire message
/// the pipelines take, through the same <see cref="OculusFrameAdapter"/> the recording importer uses. A refused or
/// dropped connection, or a sonar that stops pinging, is said in <see cref="State"/> with its reason and made again
/// after a back-off; garbage and half-sent frames are skipped, counted and the stream resynchronised.
/// </summary>
public sealed class OculusDriver : IHardwareLink
{
    private readonly OculusDriverOptions _options;
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _publish;
    private readonly OculusFrameAssembler _assembler = new();
    private readonly MultibeamFrame _frame = new();
    private readonly byte[] _fire = new byte[OculusSimpleFireMessage.MessageSize];
    private readonly Lock _gate = new();
    private byte[] _encoded = new byte[1 << 20];
    private long _frames;
    private long _badFrames;
    private long _otherMessages;
    private long _connects;
    private long _reconnects;
    private long _lastFrameTicks;
    private HardwareLinkState _state = HardwareLinkState.Connecting;
    private string? _reason;
    private string? _address;
    private DateTime _since = DateTime.UtcNow;
    private string? _lastBadFrame;

    /// <summary>Creates a driver that hands each converted frame to <paramref name="publishFrame"/>.</summary>
    /// <exception cref="Connection.BridgeConfigurationException">A bad setting.</exception>
    public OculusDriver(OculusDriverOptions options, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> publishFrame)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(publishFrame);
        options.Validate();
        _options = options;
        _publish = publishFrame;
        new OculusSimpleFireMessage
        {
            MasterMode = options.Mode,
            PingRate = options.PingRateCode,
            NetworkSpeed = 0xFF,
            GammaCorrection = options.Gamma,
            Flags = (byte)(OculusSimpleFireMessage.FlagRangeInMetres | OculusSimpleFireMessage.FlagGainSent
                           | (options.Data16Bit ? OculusSimpleFireMessage.FlagData16Bit : 0)),
            Range = options.RangeM,
            GainPercent = options.GainPercent,
            SpeedOfSound = 0,
            Salinity = options.SalinityPpt,
        }.WriteMessage(_fire);
    }

    /// <inheritdoc/>
    public string Name => "oculus";

    /// <inheritdoc/>
    public event Action? StateChanged;

    /// <inheritdoc/>
    public string Device
    {
        get
        {
            lock (_gate)
            {
                return _address ?? "oculus";
            }
        }
    }

    /// <summary>Where the link stands.</summary>
    public HardwareLinkState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Why the link was last lost, or null.</summary>
    public string? Reason
    {
        get
        {
            lock (_gate)
            {
                return _reason;
            }
        }
    }

    /// <summary>Ping results converted and handed on.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Messages that could not be used: a ping result that does not parse, a half-sent frame, a partial
    /// frame left when the connection went.</summary>
    public long BadFrames => Interlocked.Read(ref _badFrames) + _assembler.TruncatedFrames;

    /// <summary>Times the stream was resynchronised on the oculusId after garbage or a bad frame.</summary>
    public long Resyncs => _assembler.Resyncs;

    /// <summary>Bytes skipped while resynchronising.</summary>
    public long BytesSkipped => _assembler.BytesSkipped;

    /// <summary>Messages other than ping results (ignored).</summary>
    public long OtherMessages => Interlocked.Read(ref _otherMessages);

    /// <summary>TCP connections made.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Times the link was lost and made again.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>The status listener when discovering, or null.</summary>
    public OculusDiscovery? Discovery { get; private set; }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled: find, connect, fire, read; on failure,
    /// say why, wait and do it again.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = _options.MinBackoff;
        using var discovery = _options.Host is null ? new OculusDiscovery(_options.DiscoverPort) : null;
        Discovery = discovery;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                string reason;
                try
                {
                    var endpoint = await FindAsync(discovery, cancellationToken).ConfigureAwait(false);
                    SetState(HardwareLinkState.Connecting, null, endpoint.ToString());
                    using var client = new TcpClient(endpoint.AddressFamily) { NoDelay = true, ReceiveBufferSize = 1 << 20 };
                    using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        connect.CancelAfter(_options.ConnectTimeout);
                        try
                        {
                            await client.ConnectAsync(endpoint, connect.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            throw new TimeoutException($"no answer from {endpoint} within {_options.ConnectTimeout.TotalSeconds:0.#} s");
                        }
                    }

                    Interlocked.Increment(ref _connects);
                    backoff = _options.MinBackoff;
                    SetState(HardwareLinkState.Connected, null, endpoint.ToString());
                    reason = await PumpAsync(client.GetStream(), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or ObjectDisposedException)
                {
                    reason = ex.Message;
                }

                var partial = _assembler.Reset();
                if (partial > 0)
                {
                    Interlocked.Increment(ref _badFrames);
                    _lastBadFrame = $"{partial} bytes of an unfinished message dropped with the connection";
                }

                SetState(HardwareLinkState.Lost, reason, _address);
                Interlocked.Increment(ref _reconnects);
                await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task<IPEndPoint> FindAsync(OculusDiscovery? discovery, CancellationToken cancellationToken)
    {
        if (discovery is null)
        {
            var host = _options.Host!;
            if (IPAddress.TryParse(host, out var literal))
            {
                return new IPEndPoint(literal, _options.Port);
            }

            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new SocketException((int)SocketError.HostNotFound);
            return new IPEndPoint(address, _options.Port);
        }

        SetState(HardwareLinkState.Discovering, null, $"udp port {discovery.Port}");
        var (found, _) = await discovery.NextAsync(cancellationToken).ConfigureAwait(false);
        return new IPEndPoint(found, _options.Port);
    }

    // Fires, then reads until the connection ends or the sonar goes quiet; returns why it stopped.
    private async Task<string> PumpAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_fire, cancellationToken).ConfigureAwait(false);
        var lastFire = Stopwatch.GetTimestamp();
        var lastData = Stopwatch.GetTimestamp();
        var stall = _options.EffectiveStallTimeout;
        while (true)
        {
            if (Stopwatch.GetElapsedTime(lastFire) >= _options.FireInterval)
            {
                await stream.WriteAsync(_fire, cancellationToken).ConfigureAwait(false);
                lastFire = Stopwatch.GetTimestamp();
            }

            var quiet = Stopwatch.GetElapsedTime(lastData);
            if (quiet >= stall)
            {
                return string.Create(CultureInfo.InvariantCulture, $"no ping for {quiet.TotalSeconds:0.0} s: the sonar stopped answering");
            }

            var wait = stall - quiet;
            var untilFire = _options.FireInterval - Stopwatch.GetElapsedTime(lastFire);
            int n;
            using (var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                read.CancelAfter(untilFire < wait ? untilFire : wait);
                try
                {
                    n = await stream.ReadAsync(_assembler.GetWriteBuffer(256 * 1024), read.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    continue;
                }
            }

            if (n == 0)
            {
                return "the sonar closed the connection";
            }

            _assembler.Advance(n);
            while (_assembler.TryNext(out var message))
            {
                if (await HandleAsync(message, cancellationToken).ConfigureAwait(false))
                {
                    lastData = Stopwatch.GetTimestamp();
                }
            }
        }
    }

    // One whole message: a ping result is converted and published; anything else is counted.
    private async ValueTask<bool> HandleAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var id = (ushort)(message.Span[6] | (message.Span[7] << 8));
        if (id != OculusMessageHeader.SimplePingResultId)
        {
            Interlocked.Increment(ref _otherMessages);
            return false;
        }

        OculusSimplePingResult ping;
        try
        {
            ping = OculusSimplePingResult.Parse(message.Span);
        }
        catch (OculusFormatException ex)
        {
            Interlocked.Increment(ref _badFrames);
            _lastBadFrame = ex.Message;
            return false;
        }

        var nowNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        OculusFrameAdapter.Fill(ping, _frame, new MessageStamp(nowNs, ping.PingId));
        var length = MultibeamFrameCodec.GetEncodedLength(_frame);
        if (_encoded.Length < length)
        {
            _encoded = new byte[length];
        }

        var n = MultibeamFrameCodec.Encode(_frame, _encoded);
        await _publish(_encoded.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _frames);
        Interlocked.Exchange(ref _lastFrameTicks, DateTime.UtcNow.Ticks);
        return true;
    }

    private void SetState(HardwareLinkState state, string? reason, string? address)
    {
        lock (_gate)
        {
            if (_state == state && _reason == reason && _address == address)
            {
                return;
            }

            _state = state;
            _reason = reason;
            _address = address;
            _since = DateTime.UtcNow;
        }

        StateChanged?.Invoke();
    }

    /// <summary>One line for logs and the run's summary.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return $"oculus {_address}: {_state.ToString().ToLowerInvariant()}{(_reason is null ? "" : $" ({_reason})")}, {Frames} frames, {BadFrames} bad frames, {Resyncs} resyncs ({BytesSkipped} bytes skipped), {Reconnects} reconnects"
                   + (_lastBadFrame is { } bad ? $"; last bad frame: {bad}" : "") + (_assembler.LastProblem is { } p ? $"; last resync: {p}" : "");
        }
    }

    /// <inheritdoc/>
    public void WriteCounters(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        lock (_gate)
        {
            json.WriteString("since", _since);
        }

        json.WriteNumber("frames", Frames);
        json.WriteNumber("badFrames", BadFrames);
        json.WriteNumber("resyncs", Resyncs);
        json.WriteNumber("reconnects", Reconnects);
        json.WriteNumber("bytesSkipped", BytesSkipped);
        json.WriteNumber("otherMessages", OtherMessages);
        json.WriteNumber("connects", Connects);
        var last = Interlocked.Read(ref _lastFrameTicks);
        if (last > 0)
        {
            json.WriteNumber("lastFrameAgeMs", (DateTime.UtcNow.Ticks - last) / TimeSpan.TicksPerMillisecond);
        }

        if (_lastBadFrame is { } bad)
        {
            json.WriteString("lastBadFrame", bad);
        }

        if (_assembler.LastProblem is { } problem)
        {
            json.WriteString("lastResync", problem);
        }

        if (Discovery is { } d)
        {
            json.WriteNumber("statusMessages", d.StatusMessages);
            json.WriteNumber("badStatusDatagrams", d.BadDatagrams);
        }
    }
}
