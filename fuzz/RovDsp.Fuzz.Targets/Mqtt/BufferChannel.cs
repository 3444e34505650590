using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;

namespace RovDsp.Fuzz.Targets.Mqtt;

/// <summary>An MQTT channel whose incoming bytes are one fixed buffer (the fuzz input) and whose writes go nowhere: the
/// end of the buffer reads as the peer closing the connection, as a TCP socket's would.</summary>
internal sealed class BufferChannel(byte[] incoming) : IMqttChannel
{
    private int _position;

    public X509Certificate2? ClientCertificate => null;

    public EndPoint RemoteEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 50000);

    public EndPoint LocalEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 1883);

    public bool IsSecureConnection => false;

    public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DisconnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var n = Math.Min(count, incoming.Length - _position);
        incoming.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset, n));
        _position += n;
        return Task.FromResult(n);
    }

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
