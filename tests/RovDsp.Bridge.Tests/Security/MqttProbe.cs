using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>One MQTT 5 client as a test drives it against either broker: connects with given credentials (the
/// CONNACK code is kept, a refusal does not throw), publishes at QoS 1 keeping each PUBACK reason, and records
/// every message it receives.</summary>
internal sealed class MqttProbe : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    private MqttProbe()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Received.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
    }

    /// <summary>CONNACK reason (Success when connected).</summary>
    public MqttClientConnectResultCode ConnectCode { get; private set; }

    /// <summary>Whether the client is connected now.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Messages received: topic, UTF-8 payload, retain flag.</summary>
    public ConcurrentQueue<(string Topic, string Payload, bool Retain)> Received { get; } = new();

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> over MQTT 5.</summary>
    public static async Task<MqttProbe> ConnectAsync(int port, string clientId, string? user, string? password)
    {
        var probe = new MqttProbe();
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(10));
        if (user is not null)
        {
            builder = builder.WithCredentials(user, password);
        }

        // MQTTnet 5 returns a refused CONNACK's code rather than throwing.
        var result = await probe._client.ConnectAsync(builder.Build());
        probe.ConnectCode = result.ResultCode;

        return probe;
    }

    /// <summary>Publishes at QoS 1 and returns the PUBACK's reason code.</summary>
    public async Task<MqttClientPublishReasonCode> PublishAsync(string topic, string payload, bool retain = false)
    {
        var result = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());
        return result.ReasonCode;
    }

    /// <summary>Publishes raw bytes at QoS 1 and returns the PUBACK's reason code.</summary>
    public async Task<MqttClientPublishReasonCode> PublishBytesAsync(string topic, byte[] payload)
    {
        var result = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return result.ReasonCode;
    }

    /// <summary>Subscribes at QoS 1 to each filter; returns the SUBACK reason codes.</summary>
    public async Task<IReadOnlyList<MqttClientSubscribeResultCode>> SubscribeAsync(params string[] filters)
    {
        var options = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            options = options.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var result = await _client.SubscribeAsync(options.Build());
        return [.. result.Items.Select(i => i.ResultCode)];
    }

    /// <summary>Waits until a message with <paramref name="payload"/> arrives (false after <paramref name="timeout"/>).</summary>
    public async Task<bool> WaitForAsync(string payload, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Received.Any(m => m.Payload == payload))
            {
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync();
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
            {
                // Already going.
            }
        }

        _client.Dispose();
    }
}
