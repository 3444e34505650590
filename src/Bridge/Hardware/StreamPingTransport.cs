namespace RovDsp.Bridge.Hardware;

/// <summary>Ping protocol over any byte stream (a pseudo-terminal, a TCP bridge to a serial server, a pipe in
/// tests): the serial transport without the port settings.</summary>
public sealed class StreamPingTransport : IPingTransport
{
    private readonly Stream _stream;

    /// <summary>Wraps <paramref name="stream"/>, which the transport then owns.</summary>
    public StreamPingTransport(Stream stream, string description)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        Description = description;
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await _stream.DisposeAsync().ConfigureAwait(false);
}
