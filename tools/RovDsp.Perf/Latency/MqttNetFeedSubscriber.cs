using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;
using RovDsp.Bridge.Connection;

namespace RovDsp.Perf.Latency;

/// <summary>The outside subscriber as an MQTTnet client in the harness's own process (the harness's first
/// subscriber; it shares the bridge's thread pool and GC, so its own receive hops count in every figure).</summary>
public sealed class MqttNetFeedSubscriber : FeedSubscriber
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    /// <summary>Times feeds of the bridge built by <paramref name="factory"/>.</summary>
    public MqttNetFeedSubscriber(HarnessHandlerFactory factory)
        : base(factory)
    {
    }

    /// <summary>Its MQTT client id (one per vehicle when several vehicles are timed at once).</summary>
    public string ClientId { get; init; } = "latency-subscriber";

    /// <inheritdoc/>
    public override async Task ConnectAsync(BrokerEndpoint endpoint, string vehicle, CancellationToken cancellationToken)
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var received = HarnessClock.NowNs;
            var payload = e.ApplicationMessage.Payload;
            Span<byte> head = stackalloc byte[64];
            var n = (int)Math.Min(payload.Length, head.Length);
            payload.Slice(0, n).CopyTo(head);
            OnFeed(FeedOf(e.ApplicationMessage.Topic), head[..n], received);
            return Task.CompletedTask;
        };
        await _client.ConnectAsync(LatencyRun.ClientOptions(endpoint, ClientId), cancellationToken).ConfigureAwait(false);
        await _client.SubscribeAsync($"rov/{vehicle}/feed/#", MqttQualityOfServiceLevel.AtMostOnce, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build()).ConfigureAwait(false);
        }

        _client.Dispose();
    }
}
