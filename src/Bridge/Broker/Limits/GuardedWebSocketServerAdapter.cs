using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using MQTTnet.Adapter;
using MQTTnet.AspNetCore;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Server;

namespace RovDsp.Bridge.Broker.Limits;

/// <summary>
/// The embedded broker's MQTT-over-WebSocket way in (the web console's <c>/mqtt</c>), under the same limits as its TCP
/// listeners (<see cref="GuardedTcpServerAdapter"/>): connections beyond <see cref="BrokerLimits.MaxConnections"/> are
/// refused before the WebSocket upgrade, a connection whose CONNECT has not arrived within
/// <see cref="BrokerLimits.ConnectTimeout"/> is closed, every connection is read through a <see cref="GuardedWebSocket"/>
/// (a declared packet above <see cref="BrokerLimits.MaxPacketBytes"/> closes it before MQTTnet allocates the body), and
/// the bytes sent to each are counted so the outgoing-queue limit sees a WebSocket client drain its queue. MQTTnet's
/// own <see cref="MqttWebSocketServerAdapter"/> does the MQTT; this only stands at its door. The limits come from the
/// broker when it starts (<see cref="Bind"/>); until then, or with an external broker, the door is shut.
/// </summary>
public sealed class GuardedWebSocketServerAdapter : IMqttServerAdapter, IGuardedTransport
{
    private readonly MqttWebSocketServerAdapter _inner = new();
    private readonly ConcurrentDictionary<string, GuardedWebSocket> _connections = new(StringComparer.Ordinal);
    private BrokerLimits? _limits;
    private BrokerRefusals? _refusals;
    private IMqttNetLogger _logger = MqttNetNullLogger.Instance;
    private CancellationTokenSource _stop = new();
    private int _open;

    /// <inheritdoc/>
    // MQTTnet's interface is not annotated for nullability; the server sets it before StartAsync.
    public Func<IMqttChannelAdapter, Task> ClientHandler { get; set; } = null!;

    /// <inheritdoc/>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>The limits and the refusal counters of the broker this serves (called by <see cref="EmbeddedBroker"/>
    /// before it starts).</summary>
    internal void Bind(BrokerLimits limits, BrokerRefusals refusals)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(refusals);
        _refusals = refusals;
        Volatile.Write(ref _limits, limits);
    }

    /// <inheritdoc/>
    public IGuardedConnection? Find(EndPoint? remoteEndPoint) =>
        remoteEndPoint is not null && _connections.TryGetValue(remoteEndPoint.ToString()!, out var s) ? s : null;

    /// <inheritdoc/>
    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _logger = logger ?? MqttNetNullLogger.Instance;
        _inner.ClientHandler = ClientHandler;
        if (_stop.IsCancellationRequested)
        {
            _stop.Dispose();
            _stop = new CancellationTokenSource();
        }

        return _inner.StartAsync(options, _logger);
    }

    /// <inheritdoc/>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var (_, socket) in _connections)
        {
            socket.Abort();
        }

        await _inner.StopAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _inner.Dispose();
    }

    /// <summary>Serves one HTTP request to the WebSocket endpoint: refuses it (503, counted) when no broker is serving or
    /// the connection limit is reached, otherwise accepts the upgrade with <paramref name="subProtocol"/> and runs the
    /// MQTT connection through a <see cref="GuardedWebSocket"/> until it ends.</summary>
    public async Task RunAsync(HttpContext context, string? subProtocol)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limits = Volatile.Read(ref _limits);
        var refusals = _refusals;
        var key = new IPEndPoint(context.Connection.RemoteIpAddress ?? IPAddress.None, context.Connection.RemotePort).ToString();
        if (limits is null || refusals is null || _stop.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("the embedded broker is not running", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Increment(ref _open) > limits.MaxConnections)
        {
            Interlocked.Decrement(ref _open);
            refusals.Refuse("too-many-connections", key, $"{limits.MaxConnections} WebSocket connections are open already");
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("too many connections", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        GuardedWebSocket? guarded = null;
        var stopping = _stop.Token;
        try
        {
            var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol).ConfigureAwait(false);
            guarded = new GuardedWebSocket(socket, limits.MaxPacketBytes, (s, violation) =>
            {
                var (reason, detail) = s.Guard.Describe(violation);
                refusals.Refuse(reason, key, detail);
            });
            _connections[key] = guarded;
            using var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            connectDeadline.CancelAfter(limits.ConnectTimeout);
            var timeout = refusals.RefuseAtConnectDeadline(guarded, key, limits.ConnectTimeout, connectDeadline.Token, stopping);
            try
            {
                await _inner.RunWebSocketConnectionAsync(guarded, context).ConfigureAwait(false);
            }
            finally
            {
                await timeout.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away; nothing to keep.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.Publish(MqttNetLogLevel.Error, nameof(GuardedWebSocketServerAdapter), "Error while handling a WebSocket client from {0}", [key], ex);
        }
        finally
        {
            if (guarded is not null)
            {
                // As on the TCP listeners: a connection that ends without becoming a client, and not closed by a limit
                // here, was refused by the broker or gave up, and is counted once.
                refusals.RefuseUnserved(guarded, key, stopping.IsCancellationRequested);

                _connections.TryRemove(new KeyValuePair<string, GuardedWebSocket>(key, guarded));
                guarded.Dispose();
            }

            Interlocked.Decrement(ref _open);
        }
    }
}
