using System.Net;
using System.Net.WebSockets;
using MQTTnet;
using MQTTnet.Formatter;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Broker.Limits;
using RovDsp.Bridge.Tests.Security;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Bridge.WebConsole;

namespace RovDsp.Bridge.Tests.WebConsole;

/// <summary>
/// The embedded broker's MQTT over WebSocket (the web console's <c>/mqtt</c>) under the same <see cref="BrokerLimits"/>
/// as its TCP listeners. The first test is the bug that made it necessary: the outgoing-queue accounting could not see
/// a WebSocket client's bytes go out, so every message a pilot's console was ever sent counted as still queued, and
/// after <see cref="BrokerLimits.MaxQueuedBytesPerClient"/> (32 MiB, about three and a half minutes of a dive's feeds at
/// 1×) the console got nothing more. The rest are the attacks the TCP listeners already refused.
/// </summary>
public sealed class WebSocketLimitsTests : IDisposable
{
    private readonly ConsoleRoot _root = new();

    private async Task<(ConsoleServer Server, EmbeddedBroker Broker)> StartAsync(BrokerLimits limits)
    {
        _root.Packages();
        var server = await ConsoleServer.StartAsync(_root.Options());
        var broker = await EmbeddedBroker.StartAsync(new EmbeddedBrokerOptions { Addresses = [IPAddress.Loopback], Port = 0, BridgeClientId = null },
            limits, [server.BrokerAdapter]);
        return (server, broker);
    }

    private static Uri WebSocketUri(ConsoleServer server) => new($"ws://{server.Url.Host}:{server.Url.Port}{ConsoleServer.MqttPath}");

    private static async Task<ClientWebSocket> OpenAsync(ConsoleServer server)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("mqtt");
        await socket.ConnectAsync(WebSocketUri(server), CancellationToken.None);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, byte[] bytes) =>
        socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

    // Reads exactly count bytes of MQTT (the broker's CONNACK, SUBACK), however they were split into messages.
    private static async Task ReadAsync(ClientWebSocket socket, int count)
    {
        var buffer = new byte[count];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var got = 0; got < count;)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(got), cts.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            got += result.Count;
        }
    }

    // True once the server has closed the socket (a close frame, or the connection dropped), within the timeout.
    private static async Task<bool> ClosedWithinAsync(ClientWebSocket socket, TimeSpan timeout)
    {
        var buffer = new byte[64 * 1024];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (WebSocketException)
        {
            return true;
        }
    }

    [Fact]
    public async Task A_WebSocket_subscriber_that_keeps_up_gets_twelve_times_its_queue_limit_and_nothing_is_refused()
    {
        var limits = new BrokerLimits { MaxPacketBytes = 256 * 1024, MaxQueuedBytesPerClient = 1024 * 1024 };
        var (server, broker) = await StartAsync(limits);
        await using var _ = server;
        await using var __ = broker;
        using var page = new MqttClientFactory().CreateMqttClient();
        var received = 0L;
        page.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        await page.ConnectAsync(new MqttClientOptionsBuilder().WithWebSocketServer(o => o.WithUri(WebSocketUri(server).ToString()))
            .WithClientId("page").WithProtocolVersion(MqttProtocolVersion.V500).Build());
        await page.SubscribeAsync("rov/r9/feed/#");
        using var bridge = await BrokerTestClient.ConnectAsync(broker, "bridge");

        // 192 images of 64 KiB (12 MiB) in batches of half the limit, each batch read before the next: a client that
        // keeps up, as the page does. Before the fix the 17th image was refused as queue-full, and every one after it.
        const int images = 192, batch = 8;
        var payload = new byte[64 * 1024];
        for (var sent = 0; sent < images;)
        {
            for (var i = 0; i < batch; i++, sent++)
            {
                await bridge.PublishBinaryAsync("rov/r9/feed/fan/mb1", payload);
            }

            var expected = sent;
            Assert.True(await BrokerTestClient.WaitAsync(() => Interlocked.Read(ref received) >= expected, TimeSpan.FromSeconds(10)),
                $"the page got {Interlocked.Read(ref received)} of the first {expected} images; refusals: {string.Join(", ", broker.Refusals.Counts.Select(c => $"{c.Key} {c.Value}"))}");
        }

        Assert.Equal(images, Interlocked.Read(ref received));
        Assert.Equal(0, broker.Refusals.Total);
        Assert.Equal(1, server.BrokerAdapter.OpenConnections);
    }

    [Fact]
    public async Task A_WebSocket_subscriber_that_never_reads_is_disconnected_at_its_queue_limit_and_counted_once()
    {
        var limits = new BrokerLimits { MaxPacketBytes = 256 * 1024, MaxQueuedBytesPerClient = 1024 * 1024 };
        var (server, broker) = await StartAsync(limits);
        await using var _ = server;
        await using var __ = broker;
        using var socket = await OpenAsync(server);
        await SendAsync(socket, RawMqtt.Connect("never-reads"));
        await SendAsync(socket, RawMqtt.Subscribe("rov/#"));
        await ReadAsync(socket, 4 + 5); // CONNACK and SUBACK (MQTT 3.1.1); then it never reads again
        using var bridge = await BrokerTestClient.ConnectAsync(broker, "bridge");
        var payload = new byte[64 * 1024];
        // 64 MiB offered: far beyond the 1 MiB limit plus what the loopback socket's buffers take before the broker's
        // writes stall.
        for (var i = 0; i < 1024 && broker.Refusals["slow-consumer"] == 0; i++)
        {
            await bridge.PublishBinaryAsync("rov/r9/raw/multibeam/mb1", payload);
        }

        Assert.True(await BrokerTestClient.WaitAsync(() => broker.Refusals["slow-consumer"] == 1, TimeSpan.FromSeconds(10)),
            $"refusals: {string.Join(", ", broker.Refusals.Counts.Select(c => $"{c.Key} {c.Value}"))}");
        Assert.True(await BrokerTestClient.WaitAsync(() => server.BrokerAdapter.OpenConnections == 0, TimeSpan.FromSeconds(10)), "the WebSocket stayed open");
        Assert.True(broker.Refusals["queue-full"] >= 1);
        Assert.Equal(1, broker.Refusals["slow-consumer"]);
    }

    [Fact]
    public async Task A_WebSocket_packet_declaring_256_MiB_closes_the_connection_at_its_header_without_allocating_it()
    {
        var (server, broker) = await StartAsync(new BrokerLimits());
        await using var _ = server;
        await using var __ = broker;
        using var socket = await OpenAsync(server);
        await SendAsync(socket, RawMqtt.Connect("big"));
        await ReadAsync(socket, 4); // CONNACK
        var before = GC.GetTotalAllocatedBytes(precise: true);
        // A PUBLISH whose remaining length says 268,435,455 bytes, then a little of its body.
        await SendAsync(socket, [0x30, 0xFF, 0xFF, 0xFF, 0x7F, 0, 3, (byte)'a', (byte)'/', (byte)'b']);
        Assert.True(await ClosedWithinAsync(socket, TimeSpan.FromSeconds(5)), "the connection stayed open");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(1, broker.Refusals["packet-too-large"]);
        Assert.True(allocated < 32L * 1024 * 1024, $"{allocated} bytes allocated while refusing a 256 MiB packet");
        Assert.True(await BrokerTestClient.WaitAsync(() => server.BrokerAdapter.OpenConnections == 0, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_WebSocket_that_never_sends_CONNECT_is_closed_after_the_connect_timeout_and_counted()
    {
        var (server, broker) = await StartAsync(new BrokerLimits { ConnectTimeout = TimeSpan.FromSeconds(1) });
        await using var _ = server;
        await using var __ = broker;
        using var socket = await OpenAsync(server);
        var started = DateTime.UtcNow;
        Assert.True(await ClosedWithinAsync(socket, TimeSpan.FromSeconds(6)), "an idle WebSocket stayed open");
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.8, 6);
        // The timeout closes the socket, then counts it (so the connection's own end is never counted twice).
        await BrokerTestClient.WaitAsync(() => broker.Refusals["connect-timeout"] >= 1, TimeSpan.FromSeconds(5));
        Assert.Equal(1, broker.Refusals["connect-timeout"]);
        Assert.True(await BrokerTestClient.WaitAsync(() => server.BrokerAdapter.OpenConnections == 0, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task WebSocket_connections_beyond_the_limit_are_refused_before_the_upgrade_and_counted()
    {
        var (server, broker) = await StartAsync(new BrokerLimits { MaxConnections = 2 });
        await using var _ = server;
        await using var __ = broker;
        using var first = await OpenAsync(server);
        using var second = await OpenAsync(server);
        await SendAsync(first, RawMqtt.Connect("one"));
        await SendAsync(second, RawMqtt.Connect("two"));
        using var third = new ClientWebSocket();
        third.Options.AddSubProtocol("mqtt");
        await Assert.ThrowsAsync<WebSocketException>(() => third.ConnectAsync(WebSocketUri(server), CancellationToken.None));
        Assert.Equal(1, broker.Refusals["too-many-connections"]);
        Assert.Equal(2, server.BrokerAdapter.OpenConnections);

        // One leaves; a new one gets in.
        first.Abort();
        Assert.True(await BrokerTestClient.WaitAsync(() => server.BrokerAdapter.OpenConnections == 1, TimeSpan.FromSeconds(5)), "the closed connection was not released");
        using var fourth = await OpenAsync(server);
        Assert.Equal(WebSocketState.Open, fourth.State);
    }

    [Fact]
    public async Task A_WebSocket_text_message_is_not_MQTT_and_closes_the_connection()
    {
        var (server, broker) = await StartAsync(new BrokerLimits());
        await using var _ = server;
        await using var __ = broker;
        using var socket = await OpenAsync(server);
        await socket.SendAsync("{\"hello\":1}"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        Assert.True(await ClosedWithinAsync(socket, TimeSpan.FromSeconds(5)), "the connection stayed open");
        Assert.Equal(1, broker.Refusals["malformed-packet"]);
    }

    public void Dispose() => _root.Dispose();
}
