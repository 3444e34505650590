using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Server;

namespace RovDsp.Bridge.Broker.Limits;

/// <summary>
/// The embedded broker's TCP listener, in place of MQTTnet's own: it refuses connections beyond
/// <see cref="BrokerLimits.MaxConnections"/> at accept, closes a connection whose CONNECT has not arrived within
/// <see cref="BrokerLimits.ConnectTimeout"/>, and reads every connection through a <see cref="GuardedStream"/> so a
/// declared packet length above <see cref="BrokerLimits.MaxPacketBytes"/> (or a malformed one) closes it before
/// MQTTnet's channel adapter allocates the body (MQTTnet allocates whatever length a fixed header declares).
/// <see cref="Upgrade"/> is the seam for TLS: it turns the accepted socket's stream into the stream MQTT is read
/// from (an <see cref="System.Net.Security.SslStream"/> after its handshake), inside the CONNECT timeout.
/// </summary>
public sealed class GuardedTcpServerAdapter : IMqttServerAdapter, IGuardedTransport
{
    private readonly IReadOnlyList<IPEndPoint> _endpoints;
    private readonly BrokerLimits _limits;
    private readonly BrokerRefusals _refusals;
    private readonly ConcurrentDictionary<string, GuardedStream> _connections = new(StringComparer.Ordinal);
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private CancellationTokenSource? _stop;
    private MqttServerOptions? _options;
    private IMqttNetLogger _logger = MqttNetNullLogger.Instance;
    private int _open;

    /// <summary>Listens on <paramref name="endpoints"/> (each bound exactly; port 0 is not allowed here, since the
    /// broker's port must be known before it starts).</summary>
    public GuardedTcpServerAdapter(IReadOnlyList<IPEndPoint> endpoints, BrokerLimits limits, BrokerRefusals refusals)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(refusals);
        limits.Validate();
        _endpoints = endpoints;
        _limits = limits;
        _refusals = refusals;
    }

    /// <summary>Turns an accepted connection's network stream into the stream MQTT is read from (for example a TLS
    /// handshake returning an <see cref="System.Net.Security.SslStream"/>); null reads MQTT from the socket directly.
    /// It runs within the CONNECT timeout; throwing closes the connection (counted as <c>handshake-failed</c>).</summary>
    public Func<Stream, CancellationToken, Task<Stream>>? Upgrade { get; init; }

    /// <inheritdoc/>
    // MQTTnet's interface is not annotated for nullability; the server sets it before StartAsync.
    public Func<IMqttChannelAdapter, Task> ClientHandler { get; set; } = null!;

    /// <summary>Connections open now (accepted and not yet closed).</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>The guarded stream of the open connection from <paramref name="remoteEndPoint"/>, if any (the
    /// outgoing-queue accounting reads its bytes written and closes it).</summary>
    public GuardedStream? Find(EndPoint? remoteEndPoint) =>
        remoteEndPoint is not null && _connections.TryGetValue(remoteEndPoint.ToString()!, out var s) ? s : null;

    /// <inheritdoc/>
    IGuardedConnection? IGuardedTransport.Find(EndPoint? remoteEndPoint) => Find(remoteEndPoint);

    /// <inheritdoc/>
    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _options = options;
        _logger = logger ?? MqttNetNullLogger.Instance;
        _stop = new CancellationTokenSource();
        foreach (var endpoint in _endpoints)
        {
            var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    // Exactly the address asked for: [::1] must not also take IPv4 traffic.
                    listener.DualMode = false;
                }

                listener.Bind(endpoint);
                listener.Listen(512);
            }
            catch
            {
                listener.Dispose();
                throw;
            }

            _listeners.Add(listener);
            _acceptLoops.Add(Task.Run(() => AcceptLoopAsync(listener, _stop.Token)));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync()
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        _listeners.Clear();
        _acceptLoops.Clear();

        // Connections that never became MQTT clients are not the server's to close.
        foreach (var (_, stream) in _connections)
        {
            stream.Abort();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _stop?.Cancel();
        _stop?.Dispose();
        _stop = null;
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Out of descriptors, a connection reset while queued: keep listening, a little later.
                _logger.Publish(MqttNetLogLevel.Warning, nameof(GuardedTcpServerAdapter), "Accepting a connection failed", [], ex);
                try
                {
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (Interlocked.Increment(ref _open) > _limits.MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                var from = EndPointOf(socket)?.ToString();
                socket.Dispose();
                _refusals.Refuse("too-many-connections", from, $"{_limits.MaxConnections} connections are open already");
                continue;
            }

            _ = Task.Run(() => HandleAsync(socket, cancellationToken), CancellationToken.None);
        }
    }

    // A connection reset while it waited in the backlog has no endpoints any more: that must not stop the listener.
    private static EndPoint? EndPointOf(Socket socket, bool local = false)
    {
        try
        {
            return local ? socket.LocalEndPoint : socket.RemoteEndPoint;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    private async Task HandleAsync(Socket socket, CancellationToken stopping)
    {
        var remote = EndPointOf(socket);
        var local = EndPointOf(socket, local: true);
        if (remote is null || local is null)
        {
            socket.Dispose();
            Interlocked.Decrement(ref _open);
            _refusals.Refuse("no-connect", null, "reset before it could be served");
            return;
        }

        var key = remote.ToString()!;
        GuardedStream? guarded = null;
        using var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        connectDeadline.CancelAfter(_limits.ConnectTimeout);
        Stream stream;
        try
        {
            stream = new NetworkStream(socket, ownsSocket: true);
        }
        catch (IOException)
        {
            socket.Dispose();
            Interlocked.Decrement(ref _open);
            _refusals.Refuse("no-connect", key, "closed before it could be served");
            return;
        }

        try
        {
            socket.NoDelay = true;
            if (Upgrade is not null)
            {
                try
                {
                    stream = await Upgrade(stream, connectDeadline.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                    _refusals.Refuse(connectDeadline.IsCancellationRequested ? "connect-timeout" : "handshake-failed", key,
                        BrokerRefusals.Truncate(ex.Message, 200));
                    return;
                }
            }

            guarded = new GuardedStream(stream, _limits.MaxPacketBytes, OnViolation);
            _connections[key] = guarded;
            var timeout = _refusals.RefuseAtConnectDeadline(guarded, key, _limits.ConnectTimeout, connectDeadline.Token, stopping);

            var options = _options!;
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
            using var channel = new GuardedChannel(guarded, local, remote);
            using var adapter = new MqttChannelAdapter(channel, formatter, _logger);
            try
            {
                await ClientHandler(adapter).ConfigureAwait(false);
            }
            finally
            {
                await timeout.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away; nothing to keep.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.Publish(MqttNetLogLevel.Error, nameof(GuardedTcpServerAdapter), "Error while handling a client connection from {0}", [key], ex);
        }
        finally
        {
            if (guarded is not null)
            {
                // A connection that ends without becoming a client, and not closed by a limit here (which counted it
                // already), was refused by the broker itself (a malformed or rejected CONNECT) or gave up: counted
                // too, so every attack connection shows in the metrics exactly once.
                _refusals.RefuseUnserved(guarded, key, stopping.IsCancellationRequested);

                _connections.TryRemove(new KeyValuePair<string, GuardedStream>(key, guarded));
                await guarded.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            Interlocked.Decrement(ref _open);
        }
    }

    private void OnViolation(GuardedStream stream, FrameViolation violation)
    {
        var from = _connections.FirstOrDefault(c => ReferenceEquals(c.Value, stream)).Key;
        var (reason, detail) = stream.Guard.Describe(violation);
        _refusals.Refuse(reason, from, detail);
    }
}
