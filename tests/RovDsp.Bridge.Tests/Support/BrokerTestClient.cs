using MQTTnet;
using MQTTnet.Formatter;
using RovDsp.Bridge.Broker;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>What the embedded broker's limit tests share: a well-behaved MQTT 5 client on the broker's TCP port, and
/// polling for a condition the broker reaches asynchronously.</summary>
internal static class BrokerTestClient
{
    /// <summary>An MQTTnet client connected to <paramref name="broker"/> over TCP as <paramref name="id"/>.</summary>
    public static async Task<IMqttClient> ConnectAsync(EmbeddedBroker broker, string id)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId(id)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(10)).Build());
        return client;
    }

    /// <summary>Whether <paramref name="condition"/> became true within <paramref name="timeout"/> (checked every 20 ms).</summary>
    public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return condition();
    }
}
