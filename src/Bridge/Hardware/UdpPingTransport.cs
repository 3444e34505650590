using System.Net;
using System.Net.Sockets;

namespace RovDsp.Bridge.Hardware;

/// <summary>Ping protocol over UDP, as the Ping360's Ethernet interface speaks it (one frame per datagram,
/// default port 12345): a connected UDP socket, so datagrams from anyone but the device are ignored.</summary>
public sealed class UdpPingTransport : IPingTransport
{
    /// <summary>The Ping360's default UDP port.</summary>
    public const int DefaultPort = 12345;

    private readonly Socket _socket;

    /// <summary>Opens a socket connected to <paramref name="device"/>.</summary>
    public UdpPingTransport(IPEndPoint device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _socket = new Socket(device.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Connect(device);
        Description = $"udp://{device}";
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        await _socket.SendAsync(frame, SocketFlags.None, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // ICMP port unreachable from an earlier send (device not up yet): not fatal for UDP; the
                // driver's timeouts decide when to give up.
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
