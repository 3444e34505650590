using System.Net.WebSockets;

namespace RovDsp.Bridge.Broker.Limits;

/// <summary>
/// One MQTT-over-WebSocket connection (the pilot's web console) as the broker sees it, the WebSocket counterpart of
/// <see cref="GuardedStream"/>: every byte received goes through an <see cref="MqttFrameGuard"/> before MQTTnet's
/// channel sees it, and the first violation aborts the socket and reads as a close, so MQTTnet never allocates a
/// body for a length the guard refuses. Bytes sent are counted, which is what lets the broker's outgoing-queue
/// accounting (<see cref="BrokerLimitHooks"/>) see a WebSocket client drain its queue; without it every message a
/// console was sent counted as still queued, and after 32 MiB (about three and a half minutes of a dive's feeds) the
/// console got nothing more.
/// </summary>
public sealed class GuardedWebSocket : WebSocket, IGuardedConnection
{
    private readonly WebSocket _inner;
    private readonly MqttFrameGuard _guard;
    private readonly Action<GuardedWebSocket, FrameViolation>? _onViolation;
    private long _written;
    private int _aborted;
    private int _client;
    private int _connectSeen;

    /// <summary>Guards <paramref name="inner"/> (owned: disposing this disposes it).</summary>
    /// <param name="inner">The accepted WebSocket.</param>
    /// <param name="maxPacketBytes">Largest remaining length accepted.</param>
    /// <param name="onViolation">Told once about the violation that closed the socket.</param>
    public GuardedWebSocket(WebSocket inner, int maxPacketBytes, Action<GuardedWebSocket, FrameViolation>? onViolation)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _guard = new MqttFrameGuard(maxPacketBytes);
        _onViolation = onViolation;
    }

    /// <summary>The framing state (declared length, packets seen).</summary>
    public MqttFrameGuard Guard => _guard;

    /// <inheritdoc/>
    public long BytesWritten => Interlocked.Read(ref _written);

    /// <inheritdoc/>
    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>Whether the broker accepted this connection's CONNECT (it became an MQTT client).</summary>
    public bool IsClient => Volatile.Read(ref _client) != 0;

    /// <inheritdoc/>
    public void MarkClient() => Volatile.Write(ref _client, 1);

    /// <inheritdoc/>
    public bool ConnectSeen => Volatile.Read(ref _connectSeen) != 0;

    /// <inheritdoc/>
    public override WebSocketCloseStatus? CloseStatus => _inner.CloseStatus;

    /// <inheritdoc/>
    public override string? CloseStatusDescription => _inner.CloseStatusDescription;

    /// <inheritdoc/>
    public override WebSocketState State => IsAborted ? WebSocketState.Aborted : _inner.State;

    /// <inheritdoc/>
    public override string? SubProtocol => _inner.SubProtocol;

    /// <summary>Closes the connection now because of a limit (a violation, a CONNECT timeout, a slow consumer); a
    /// pending receive ends as a close and sends fail, which MQTTnet treats as the connection closing.</summary>
    public override void Abort()
    {
        Interlocked.Exchange(ref _aborted, 1);
        _inner.Abort();
    }

    /// <inheritdoc/>
    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        if (IsAborted)
        {
            return Closed();
        }

        var result = await _inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Check(buffer.AsSpan(0, result.Count), result.MessageType) ? result : Closed();
    }

    /// <inheritdoc/>
    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (IsAborted)
        {
            return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
        }

        var result = await _inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Check(buffer.Span[..result.Count], result.MessageType) ? result : new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
    }

    private static WebSocketReceiveResult Closed() => new(0, WebSocketMessageType.Close, true);

    // MQTT rides in binary messages (MQTT §6); a text message is not MQTT and is refused like a malformed packet.
    private bool Check(ReadOnlySpan<byte> bytes, WebSocketMessageType type)
    {
        if (type == WebSocketMessageType.Close || bytes.Length == 0)
        {
            return true;
        }

        var hadConnect = _guard.ConnectReceived;
        var violation = type == WebSocketMessageType.Text ? _guard.FeedText() : _guard.Feed(bytes);
        if (violation != FrameViolation.None)
        {
            // Counted before the close, so whoever sees the connection close sees its refusal counted too.
            _onViolation?.Invoke(this, violation);
            Abort();
            return false;
        }

        if (!hadConnect && _guard.ConnectReceived)
        {
            // Published for the connect-deadline timer, which runs on another thread.
            Volatile.Write(ref _connectSeen, 1);
        }

        return true;
    }

    /// <inheritdoc/>
    public override async Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        await _inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _written, buffer.Count);
    }

    /// <inheritdoc/>
    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        await _inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _written, buffer.Length);
    }

    /// <inheritdoc/>
    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken)
    {
        await _inner.SendAsync(buffer, messageType, messageFlags, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _written, buffer.Length);
    }

    /// <inheritdoc/>
    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    /// <inheritdoc/>
    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    /// <inheritdoc/>
    public override void Dispose() => _inner.Dispose();
}
