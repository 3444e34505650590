using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MQTTnet;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Tests.Broker;

public class EmbeddedBrokerLinkTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Link_subscribes_and_receives_what_another_link_publishes()
    {
        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var endpoint = new BrokerEndpoint("127.0.0.1", broker.Port, false);
        var received = new ConcurrentQueue<string>();
        await using var sub = new MqttLink(
            new MqttLinkOptions { Endpoint = endpoint, ClientId = "sub", Subscriptions = [("rov/+/raw/#", 1)] },
            e =>
            {
                received.Enqueue(e.ApplicationMessage.Topic + "=" + Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray()));
                return Task.CompletedTask;
            });
        await sub.StartAsync(Wait);
        await using var pub = new MqttLink(new MqttLinkOptions { Endpoint = endpoint, ClientId = "pub" });
        await pub.StartAsync(Wait);

        for (var i = 0; i < 50; i++)
        {
            var msg = new MqttApplicationMessageBuilder().WithTopic("rov/r1/raw/slurry/flow1").WithPayload($"m{i}")
                .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build();
            Assert.True(await pub.PublishAsync(msg));
        }

        await WaitUntil(() => received.Count == 50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"rov/r1/raw/slurry/flow1=m{i}"), received);
    }

    [Fact]
    public async Task Link_reconnects_and_resubscribes_after_the_broker_restarts()
    {
        var port = EmbeddedBroker.FreePort(IPAddress.Loopback);
        var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, port);
        var endpoint = new BrokerEndpoint("127.0.0.1", port, false);
        var received = 0;
        var fast = new ReconnectPolicy(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200));
        await using var sub = new MqttLink(
            new MqttLinkOptions { Endpoint = endpoint, ClientId = "sub", Subscriptions = [("t/#", 0)], Reconnect = fast },
            _ =>
            {
                Interlocked.Increment(ref received);
                return Task.CompletedTask;
            });
        var onlineCount = 0;
        sub.Connected = _ =>
        {
            Interlocked.Increment(ref onlineCount);
            return Task.CompletedTask;
        };
        await sub.StartAsync(Wait);
        await broker.DisposeAsync();
        await WaitUntil(() => !sub.IsConnected);

        await using var restarted = await EmbeddedBroker.StartAsync(IPAddress.Loopback, port);
        await WaitUntil(() => sub.IsConnected && sub.Connects == 2);
        Assert.Equal(2, onlineCount);
        Assert.True(sub.Disconnects >= 1);

        await using var pub = new MqttLink(new MqttLinkOptions { Endpoint = endpoint, ClientId = "pub", Reconnect = fast });
        await pub.StartAsync(Wait);
        Assert.True(await pub.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("t/x").WithPayload("after").Build()));
        await WaitUntil(() => Volatile.Read(ref received) == 1);
    }

    [Fact]
    public async Task Will_marks_the_client_offline_when_it_vanishes_and_publishing_while_down_is_counted()
    {
        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var endpoint = new BrokerEndpoint("127.0.0.1", broker.Port, false);
        var statuses = new ConcurrentQueue<string>();
        await using var watcher = new MqttLink(
            new MqttLinkOptions { Endpoint = endpoint, ClientId = "watch", Subscriptions = [("rov/r1/status", 1)] },
            e =>
            {
                statuses.Enqueue(Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray()));
                return Task.CompletedTask;
            });
        await watcher.StartAsync(Wait);

        // A raw MQTTnet client with a will, disconnected without DISCONNECT (as if the process died).
        var dying = new MqttClientFactory().CreateMqttClient();
        await dying.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("dying")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithWillTopic("rov/r1/status").WithWillPayload("{\"state\":\"offline\"}").WithWillRetain(true).Build());
        dying.Dispose(); // closes the socket without a DISCONNECT packet
        await WaitUntil(() => statuses.Contains("{\"state\":\"offline\"}"));

        var down = new MqttLink(new MqttLinkOptions { Endpoint = endpoint, ClientId = "never-started" });
        Assert.False(await down.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("x").Build()));
        Assert.Equal(1, down.PublishesDropped);
        await down.DisposeAsync();
    }

    [Fact]
    public async Task First_connect_times_out_with_a_clear_message_when_nobody_listens()
    {
        var port = EmbeddedBroker.FreePort(IPAddress.Loopback);
        var link = new MqttLink(new MqttLinkOptions
        {
            Endpoint = new BrokerEndpoint("127.0.0.1", port, false),
            ClientId = "lonely",
            Reconnect = new ReconnectPolicy(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)),
        });
        var ex = await Assert.ThrowsAsync<MqttLinkException>(() => link.StartAsync(TimeSpan.FromMilliseconds(600)));
        Assert.Contains($"mqtt://127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(LinkFailureKind.Unreachable, ex.Failure?.Kind);
        Assert.Contains("ConnectionRefused", ex.Message, StringComparison.Ordinal);
        Assert.True(link.FailedAttempts >= 1);
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within the wait");
            await Task.Delay(10);
        }
    }
}
