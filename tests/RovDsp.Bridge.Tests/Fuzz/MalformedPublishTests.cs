using System.Net;
using System.Net.Sockets;
using MQTTnet;
using RovDsp.Bridge.Broker;

namespace RovDsp.Bridge.Tests.Fuzz;

/// <summary>
/// What the MQTT fuzz target found in MQTTnet 5.2 and assumes of the broker: a QoS 0 PUBLISH with the DUP flag set
/// (malformed, MQTT-3.3.1-2) is accepted by MQTTnet's decoder, but the copy it forwards keeps DUP and its encoder
/// refuses it. The embedded broker must then drop that one message and keep its subscribers connected, so a client
/// cannot knock pilots off the broker with it (fuzz/regressions/mqtt/qos0-publish-with-dup holds the fuzzer's input).
/// </summary>
public class MalformedPublishTests
{
    [Fact]
    public async Task A_QoS0_publish_with_DUP_set_is_dropped_and_subscribers_stay_connected()
    {
        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var factory = new MqttClientFactory();
        using var subscriber = factory.CreateMqttClient();
        var received = new List<string>();
        var disconnects = 0;
        subscriber.DisconnectedAsync += _ =>
        {
            Interlocked.Increment(ref disconnects);
            return Task.CompletedTask;
        };
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            lock (received)
            {
                received.Add(e.ApplicationMessage.Topic);
            }

            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("pilot").Build());
        await subscriber.SubscribeAsync("t/#");

        // Hand-made bytes, since no client library writes this: CONNECT (MQTT 3.1.1, client id "bad"), then PUBLISH
        // with fixed header 0x38 (PUBLISH, DUP = 1, QoS 0, retain 0) to t/bad, payload "hi".
        using var raw = new TcpClient();
        await raw.ConnectAsync(IPAddress.Loopback, broker.Port);
        var stream = raw.GetStream();
        await stream.WriteAsync(new byte[] { 0x10, 15, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 2, 0, 60, 0, 3, (byte)'b', (byte)'a', (byte)'d' });
        await stream.WriteAsync(new byte[] { 0x38, 9, 0, 5, (byte)'t', (byte)'/', (byte)'b', (byte)'a', (byte)'d', (byte)'h', (byte)'i' });
        await stream.FlushAsync();

        // A well-formed message published after it, on the bad client's own connection and from a good client, both
        // reach the subscriber: the broker went on with that connection and with everyone else.
        await stream.WriteAsync(new byte[] { 0x30, 8, 0, 4, (byte)'t', (byte)'/', (byte)'o', (byte)'k', (byte)'h', (byte)'i' });
        using var publisher = factory.CreateMqttClient();
        await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("good").Build());
        await publisher.PublishStringAsync("t/good", "fine");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            lock (received)
            {
                if (received.Contains("t/good") && received.Contains("t/ok"))
                {
                    break;
                }
            }

            await Task.Delay(20);
        }

        lock (received)
        {
            Assert.Equal(["t/good", "t/ok"], received.Order(StringComparer.Ordinal));
        }

        Assert.True(subscriber.IsConnected);
        Assert.Equal(0, Volatile.Read(ref disconnects));
    }
}
