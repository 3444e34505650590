namespace RovDsp.Bridge.Broker.Limits;

/// <summary>
/// One client connection's byte stream as the broker sees it: every byte read goes through an
/// <see cref="MqttFrameGuard"/> before it is handed on, and the first violation closes the inner stream (and with
/// it the socket) and reads as end of stream, so MQTTnet's channel adapter ends the connection without allocating a
/// body. Bytes written are counted (the broker's outgoing queue accounting reads them). It wraps any stream: a
/// <see cref="System.Net.Sockets.NetworkStream"/>, or an <see cref="System.Net.Security.SslStream"/> for a TLS
/// listener, in which case the guard sees the decrypted MQTT bytes.
/// </summary>
public sealed class GuardedStream : Stream, IGuardedConnection
{
    private readonly Stream _inner;
    private readonly MqttFrameGuard _guard;
    private readonly Action<GuardedStream, FrameViolation>? _onViolation;
    private long _written;
    private int _aborted;
    private int _closed;
    private int _client;
    private int _connectSeen;

    /// <summary>Guards <paramref name="inner"/> (owned: disposing this disposes it).</summary>
    /// <param name="inner">The connection's stream.</param>
    /// <param name="maxPacketBytes">Largest remaining length accepted.</param>
    /// <param name="onViolation">Told once about the violation that closed the stream.</param>
    public GuardedStream(Stream inner, int maxPacketBytes, Action<GuardedStream, FrameViolation>? onViolation)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _guard = new MqttFrameGuard(maxPacketBytes);
        _onViolation = onViolation;
    }

    /// <summary>The stream this guards (an <see cref="System.Net.Security.SslStream"/> on a TLS listener).</summary>
    public Stream Inner => _inner;

    /// <summary>The framing state (declared length, packets seen).</summary>
    public MqttFrameGuard Guard => _guard;

    /// <summary>Bytes written to the client so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _written);

    /// <summary>Whether the stream was closed by <see cref="Abort"/> (a limit), not by the broker or the client.</summary>
    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>Whether the broker accepted this connection's CONNECT (it became an MQTT client).</summary>
    public bool IsClient => Volatile.Read(ref _client) != 0;

    /// <summary>Marks the connection as an accepted MQTT client (from the broker's connected event).</summary>
    public void MarkClient() => Volatile.Write(ref _client, 1);

    /// <inheritdoc/>
    public bool ConnectSeen => Volatile.Read(ref _connectSeen) != 0;

    /// <summary>Closes the connection now because of a limit (a violation, a CONNECT timeout, a slow consumer).
    /// Pending reads and writes fail, which MQTTnet treats as the connection closing.</summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _aborted, 1);
        Close(closing: true);
    }

    private void Close(bool closing)
    {
        if (closing && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _inner.Dispose();
        }
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return 0;
        }

        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Check(buffer.Span[..read]);
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return 0;
        }

        var read = _inner.Read(buffer, offset, count);
        return Check(buffer.AsSpan(offset, read));
    }

    private int Check(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return 0;
        }

        var hadConnect = _guard.ConnectReceived;
        var violation = _guard.Feed(bytes);
        if (violation != FrameViolation.None)
        {
            // Counted before the close, so whoever sees the connection close sees its refusal counted too.
            _onViolation?.Invoke(this, violation);
            Abort();
            return 0;
        }

        if (!hadConnect && _guard.ConnectReceived)
        {
            // Published for the connect-deadline timer, which runs on another thread.
            Volatile.Write(ref _connectSeen, 1);
        }

        return bytes.Length;
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _written, buffer.Length);
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count)
    {
        _inner.Write(buffer, offset, count);
        Interlocked.Add(ref _written, count);
    }

    /// <inheritdoc/>
    public override void Flush() => _inner.Flush();

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public override bool CanRead => Volatile.Read(ref _closed) == 0 && _inner.CanRead;

    /// <inheritdoc/>
    public override bool CanWrite => Volatile.Read(ref _closed) == 0 && _inner.CanWrite;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        Close(disposing);

        base.Dispose(disposing);
    }
}
