using System.Net.Sockets;
using System.Text;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>MQTT 3.1.1 packets written by hand and raw sockets, for clients that misbehave on purpose (a real
/// client library would not send them, or would read what a never-reading subscriber must not).</summary>
internal static class RawMqtt
{
    /// <summary>A CONNECT with a clean session and a 60 s keep-alive.</summary>
    public static byte[] Connect(string clientId)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        byte[] body = [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0x02, 0, 60, (byte)(id.Length >> 8), (byte)id.Length, .. id];
        return [0x10, (byte)body.Length, .. body];
    }

    /// <summary>A SUBSCRIBE to <paramref name="filter"/> at QoS 0.</summary>
    public static byte[] Subscribe(string filter)
    {
        var f = Encoding.UTF8.GetBytes(filter);
        byte[] body = [0, 1, (byte)(f.Length >> 8), (byte)f.Length, .. f, 0];
        return [0x82, (byte)body.Length, .. body];
    }

    /// <summary>Opens a TCP connection to the broker.</summary>
    public static async Task<Socket> OpenAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, port);
        return socket;
    }

    /// <summary>Sends <paramref name="bytes"/>, ignoring a connection the broker already closed.</summary>
    public static async Task TrySendAsync(Socket socket, byte[] bytes)
    {
        try
        {
            await socket.SendAsync(bytes, SocketFlags.None);
        }
        catch (SocketException)
        {
            // Closed by the broker: what the test is about.
        }
    }

    /// <summary>Reads (and drops) until the broker closes the connection; false if it is still open after
    /// <paramref name="timeout"/>.</summary>
    public static async Task<bool> ClosedByBrokerWithinAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true; // reset: closed too
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
