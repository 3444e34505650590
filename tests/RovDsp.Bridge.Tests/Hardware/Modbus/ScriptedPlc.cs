using System.Net;
using System.Net.Sockets;

namespace RovDsp.Bridge.Tests.Hardware.Modbus;

/// <summary>A TCP peer that misbehaves on purpose: it reads each 12-byte read request and lets the test's script
/// decide what goes back (a good answer, an exception, nothing, half a frame, garbage, a closed connection).</summary>
internal sealed class ScriptedPlc : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    /// <summary>Starts listening; <paramref name="script"/> gets the request's number (from 0), its transaction id
    /// and the connection's stream, and returns false to close the connection.</summary>
    public ScriptedPlc(Func<int, ushort, NetworkStream, Task<bool>> script)
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Connections++;
                var stream = client.GetStream();
                var request = new byte[12];
                try
                {
                    while (true)
                    {
                        await stream.ReadExactlyAsync(request, _stop.Token);
                        if (!await script(_requests++, (ushort)((request[0] << 8) | request[1]), stream))
                        {
                            break;
                        }
                    }
                }
                catch (Exception ex) when (ex is EndOfStreamException or IOException)
                {
                    // The client went away.
                }
            }
        });
    }

    /// <summary>The port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted.</summary>
    public int Connections { get; private set; }

    /// <summary>A good answer to a read of one register holding <paramref name="value"/>.</summary>
    public static byte[] Answer(ushort tid, ushort value) =>
        [(byte)(tid >> 8), (byte)tid, 0, 0, 0, 5, 1, 3, 2, (byte)(value >> 8), (byte)value];

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}
