using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;

namespace RovDsp.Bridge.Broker.Limits;

/// <summary>MQTTnet's view of one accepted connection: reads and writes go through its <see cref="GuardedStream"/>.
/// A TLS connection (the guarded stream wrapping an <see cref="SslStream"/>) says so, with the client's certificate.</summary>
internal sealed class GuardedChannel : IMqttChannel
{
    private readonly GuardedStream _stream;

    public GuardedChannel(GuardedStream stream, EndPoint localEndPoint, EndPoint remoteEndPoint)
    {
        _stream = stream;
        LocalEndPoint = localEndPoint;
        RemoteEndPoint = remoteEndPoint;
        if (stream.Inner is SslStream tls)
        {
            IsSecureConnection = true;
            ClientCertificate = (tls.RemoteCertificate as X509Certificate2)!;
        }
    }

    // MQTTnet's interface is not annotated for nullability: null means no client certificate.
    public X509Certificate2 ClientCertificate { get; } = null!;

    public EndPoint RemoteEndPoint { get; }

    public EndPoint LocalEndPoint { get; }

    public bool IsSecureConnection { get; }

    public Task ConnectAsync(CancellationToken cancellationToken) => throw new NotSupportedException("a server-side channel is connected already");

    public Task DisconnectAsync(CancellationToken cancellationToken)
    {
        _stream.Dispose();
        return Task.CompletedTask;
    }

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        try
        {
            return await _stream.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Closed by the guard (a violation, a timeout, a slow consumer): a graceful end for MQTTnet.
            return 0;
        }
        catch (IOException) when (!_stream.CanRead)
        {
            return 0;
        }
    }

    public async Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var segment in buffer)
            {
                await _stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException)
        {
            throw new MQTTnet.Exceptions.MqttCommunicationException("the connection is closed", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
