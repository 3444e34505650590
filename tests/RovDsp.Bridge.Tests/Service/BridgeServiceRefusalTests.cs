using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using RovDsp.Processing.Feeds;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Service;

/// <summary>
/// The bridge's status, metrics and alarms go at QoS 1, so an ACL that refuses them comes back as PUBACK
/// NotAuthorized: each refusal is counted in the metrics JSON, and an outside subscriber allowed to read everything
/// confirms mosquitto really dropped them. A reconnection after refused attempts says so in the retained status.
/// </summary>
public sealed class BridgeServiceRefusalTests
{
    [MosquittoFact]
    public async Task Refused_status_and_metrics_publishes_are_counted_in_the_metrics_json()
    {
        const string Acl = """
            user bridge
            topic readwrite rov/+/raw/#
            topic write rov/+/feed/#
            user engineer
            topic read rov/#
            """;
        using var security = MosquittoSecurity.Create([("bridge", "pw"), ("engineer", "pw2")], Acl);
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port, tls: false));
        var endpoint = new BrokerEndpoint("127.0.0.1", broker.Port, false);
        var seen = new ConcurrentQueue<string>();
        await using var engineer = new MqttLink(
            new MqttLinkOptions { Endpoint = endpoint, ClientId = "engineer", UserName = "engineer", Password = "pw2", Subscriptions = [("rov/#", 1)] },
            e =>
            {
                seen.Enqueue(e.ApplicationMessage.Topic);
                return Task.CompletedTask;
            });
        await engineer.StartAsync(TimeSpan.FromSeconds(10));

        await using var service = new BridgeService(
            new BridgeOptions { Broker = endpoint, UserName = "bridge", Password = "pw", MetricsInterval = TimeSpan.FromMilliseconds(200) },
            new SensorHandlerFactory());
        await service.StartAsync();
        await Task.Delay(2500);

        using var metrics = JsonDocument.Parse(service.MetricsJson());
        var link = metrics.RootElement.GetProperty("link");
        var refused = link.GetProperty("publishesRefused").GetInt64();
        // The status on connect and a metrics message every 200 ms for 2.5 s: all refused, all counted.
        Assert.True(refused >= 8, $"{refused} refused: {Encoding.UTF8.GetString(service.MetricsJson())}");
        Assert.Equal(refused, service.Link!.PublishesRefused);
        Assert.DoesNotContain(seen, t => t.EndsWith("/metrics", StringComparison.Ordinal) || t.EndsWith("/status", StringComparison.Ordinal));
    }
}
