using System.Net;
using System.Net.Sockets;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>The test broker itself: it must be this mosquitto that answers on its port, never a listener another
/// process (a concurrently running test assembly) opened there meanwhile.</summary>
public sealed class MosquittoBrokerTests
{
    [MosquittoFact]
    public async Task Restart_reports_a_port_another_process_took_instead_of_connecting_to_that_process()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        await mosquitto.KillAsync();
        var squatter = new TcpListener(IPAddress.Loopback, mosquitto.Port);
        squatter.Start();
        try
        {
            var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(mosquitto.RestartAsync);
            Assert.Contains("Address already in use", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            squatter.Stop();
        }

        // The port free again, the same broker comes back on it.
        await mosquitto.RestartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, mosquitto.Port);
    }
}
