using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using MQTTnet;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Broker;

public class MosquittoInteropTests
{
    [MosquittoFact]
    public async Task Link_receives_what_mosquitto_pub_sends_and_mosquitto_sub_receives_what_the_link_sends()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        var endpoint = new BrokerEndpoint("127.0.0.1", mosquitto.Port, false);
        var received = new ConcurrentQueue<string>();
        await using var link = new MqttLink(
            new MqttLinkOptions { Endpoint = endpoint, ClientId = "link", Subscriptions = [("rov/r1/raw/#", 1)] },
            e =>
            {
                received.Enqueue(e.ApplicationMessage.Topic + "=" + Encoding.UTF8.GetString(e.ApplicationMessage.Payload.FirstSpan));
                return Task.CompletedTask;
            });
        await link.StartAsync(TimeSpan.FromSeconds(30));

        // Outside client in: mosquitto_pub.
        using (var pub = Process.Start(mosquitto.Client("mosquitto_pub", "-t", "rov/r1/raw/slurry/flow1", "-m", "hello", "-q", "1"))!)
        {
            await pub.WaitForExitAsync();
            Assert.Equal(0, pub.ExitCode);
        }

        await EmbeddedBrokerLinkTests.WaitUntil(() => received.Contains("rov/r1/raw/slurry/flow1=hello"));

        // Outside client out: mosquitto_sub waits for one message on a feed topic.
        using var sub = Process.Start(mosquitto.Client("mosquitto_sub", "-t", "rov/r1/feed/#", "-C", "1", "-v", "-W", "10"))!;
        var output = sub.StandardOutput.ReadToEndAsync();
        // mosquitto_sub needs a moment to subscribe; publish until it has seen one.
        while (!sub.HasExited)
        {
            await link.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("rov/r1/feed/altitude/echo1").WithPayload("{\"altitudeM\":3.2}").Build());
            await Task.Delay(50);
        }

        Assert.Equal(0, sub.ExitCode);
        Assert.Equal("rov/r1/feed/altitude/echo1 {\"altitudeM\":3.2}", (await output).Trim());
    }

    [MosquittoFact]
    public async Task Link_reconnects_after_mosquitto_is_killed_and_restarted()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        var endpoint = new BrokerEndpoint("127.0.0.1", mosquitto.Port, false);
        var fast = new ReconnectPolicy(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(300));
        var count = 0;
        await using var link = new MqttLink(
            new MqttLinkOptions { Endpoint = endpoint, ClientId = "link", Subscriptions = [("t/#", 1)], Reconnect = fast },
            _ =>
            {
                Interlocked.Increment(ref count);
                return Task.CompletedTask;
            });
        await link.StartAsync(TimeSpan.FromSeconds(30));
        await mosquitto.KillAsync();
        await EmbeddedBrokerLinkTests.WaitUntil(() => !link.IsConnected);
        await mosquitto.RestartAsync();
        await EmbeddedBrokerLinkTests.WaitUntil(() => link.IsConnected && link.Connects == 2);

        using var pub = Process.Start(mosquitto.Client("mosquitto_pub", "-t", "t/after", "-m", "x", "-q", "1"))!;
        await pub.WaitForExitAsync();
        await EmbeddedBrokerLinkTests.WaitUntil(() => Volatile.Read(ref count) == 1);
    }
}
