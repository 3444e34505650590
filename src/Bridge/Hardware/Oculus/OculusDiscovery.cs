using System.Net;
using System.Net.Sockets;
using RovDsp.Dsp.Formats.Oculus;

namespace RovDsp.Bridge.Hardware.Oculus;

/// <summary>
/// Learns an Oculus sonar's address from the status messages it broadcasts over UDP (about one a second, to port
/// 52102): the address is the message's ipAddr, or the datagram's sender when the sonar leaves ipAddr empty.
/// Datagrams that are not status messages are counted and ignored.
/// </summary>
public sealed class OculusDiscovery : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _receive = new byte[2048];

    /// <summary>Listens on <paramref name="port"/> of every local address (0 picks a free port, for tests).</summary>
    public OculusDiscovery(int port)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        // Blueprint's own viewer may listen on the same port on this machine: share it.
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.EnableBroadcast = true;
        _socket.Bind(new IPEndPoint(IPAddress.Any, port));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    /// <summary>The UDP port listened on.</summary>
    public int Port { get; }

    /// <summary>Status messages received.</summary>
    public long StatusMessages { get; private set; }

    /// <summary>Datagrams that were not status messages.</summary>
    public long BadDatagrams { get; private set; }

    /// <summary>The last status message, or null.</summary>
    public OculusStatusMessage? LastStatus { get; private set; }

    /// <summary>Waits for the next status message; returns the sonar's address and the message.</summary>
    public async Task<(IPAddress Address, OculusStatusMessage Status)> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _socket.ReceiveFromAsync(_receive, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken)
                .ConfigureAwait(false);
            OculusStatusMessage status;
            try
            {
                status = OculusStatusMessage.Parse(_receive.AsSpan(0, result.ReceivedBytes));
            }
            catch (OculusFormatException)
            {
                BadDatagrams++;
                continue;
            }

            StatusMessages++;
            LastStatus = status;
            var address = status.IpAddress.Equals(IPAddress.Any) ? ((IPEndPoint)result.RemoteEndPoint).Address : status.IpAddress;
            return (address, status);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
