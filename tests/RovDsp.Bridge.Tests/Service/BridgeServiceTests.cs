using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using MQTTnet;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Broker;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Service;

public class BridgeServiceTests
{
    /// <summary>A handler that publishes the payload reversed on feed/echo/{sensor}, and refuses payloads
    /// starting with 0xFF as malformed.</summary>
    private sealed class ReverseFactory : ISensorHandlerFactory
    {
        public ISensorHandler? Create(RawKind kind, string sensor, HandlerContext context, out string? refusal)
        {
            refusal = kind == RawKind.Slurry ? null : "only slurry in this test";
            return kind == RawKind.Slurry ? new Handler(sensor, context.Feeds, context.Errors) : null;
        }

        private sealed class Handler(string sensor, IFeedSink feeds, ErrorReporter errors) : ISensorHandler
        {
            private readonly byte[] _out = new byte[64];

            public async ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken)
            {
                if (payload.Length == 0 || payload.Span[0] == 0xFF)
                {
                    errors.Report(sensor, "malformed", "test payload");
                    return;
                }

                payload.Span.CopyTo(_out);
                _out.AsSpan(0, payload.Length).Reverse();
                await feeds.PublishAsync($"rov/r1/feed/echo/{sensor}", _out.AsMemory(0, payload.Length), "text/plain", 5, false, cancellationToken);
            }
        }
    }

    [Fact]
    public async Task Routes_raw_messages_to_sensor_handlers_and_reports_status_errors_and_metrics()
    {
        var service = new BridgeService(
            new BridgeOptions { Vehicle = "r1", EmbeddedPort = 0, MetricsInterval = TimeSpan.FromMilliseconds(100) },
            new ReverseFactory());
        await service.StartAsync();
        var endpoint = service.Endpoint!;
        var seen = new ConcurrentQueue<(string Topic, string Payload, bool Retain)>();
        await using var watcher = new MqttLink(
            new MqttLinkOptions { Endpoint = endpoint, ClientId = "watch", Subscriptions = [("rov/r1/#", 1)] },
            e =>
            {
                seen.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray()), e.ApplicationMessage.Retain));
                return Task.CompletedTask;
            });
        await watcher.StartAsync(TimeSpan.FromSeconds(30));
        // The retained status says online.
        await EmbeddedBrokerLinkTests.WaitUntil(() => seen.Any(m => m.Topic == "rov/r1/status" && m.Payload.Contains("\"online\"", StringComparison.Ordinal)));

        await using var pub = new MqttLink(new MqttLinkOptions { Endpoint = endpoint, ClientId = "pub" });
        await pub.StartAsync(TimeSpan.FromSeconds(30));
        await pub.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("rov/r1/raw/slurry/flow1").WithPayload("abc").Build());
        await pub.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("rov/r1/raw/slurry/flow1").WithPayload(new byte[] { 0xFF, 1 }).Build());
        await pub.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("rov/r1/raw/multibeam/mb1").WithPayload("x").Build());
        await pub.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("rov/r1/raw/nonsense/x").WithPayload("x").Build());

        await EmbeddedBrokerLinkTests.WaitUntil(() => seen.Any(m => m.Topic == "rov/r1/feed/echo/flow1" && m.Payload == "cba"));
        await EmbeddedBrokerLinkTests.WaitUntil(() => service.Errors.Total == 3);
        Assert.Equal(1, service.Errors.Counts["malformed"]);
        Assert.Equal(1, service.Errors.Counts["unknown-sensor"]);
        Assert.Equal(1, service.Errors.Counts["bad-topic"]);
        await EmbeddedBrokerLinkTests.WaitUntil(() => seen.Count(m => m.Topic == "rov/r1/errors") == 3);
        // Metrics go out every 100 ms; wait for one taken after all four raw messages arrived.
        await EmbeddedBrokerLinkTests.WaitUntil(() => seen.Any(m => m.Topic == "rov/r1/metrics" && m.Payload.Contains("\"rawReceived\":4", StringComparison.Ordinal) && m.Payload.Contains("\"handled\":2", StringComparison.Ordinal)));
        var metrics = seen.First(m => m.Topic == "rov/r1/metrics" && m.Payload.Contains("\"rawReceived\":4", StringComparison.Ordinal) && m.Payload.Contains("\"handled\":2", StringComparison.Ordinal)).Payload;
        using (var doc = JsonDocument.Parse(metrics))
        {
            Assert.Equal(4, doc.RootElement.GetProperty("rawReceived").GetInt64());
            Assert.Equal(2, MetricsJson.Sensor(doc.RootElement, "slurry/flow1").GetProperty("handled").GetInt64());
        }

        await service.DisposeAsync();
        await EmbeddedBrokerLinkTests.WaitUntil(() => !watcher.IsConnected || seen.Any(m => m.Topic == "rov/r1/status" && m.Payload.Contains("\"offline\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Bad_configuration_names_the_setting_before_anything_connects()
    {
        var ex = Assert.Throws<BridgeConfigurationException>(() => new BridgeService(new BridgeOptions { Vehicle = "a/b" }, new ReverseFactory()));
        Assert.Equal("vehicle", ex.Setting);
        ex = Assert.Throws<BridgeConfigurationException>(() => new BridgeService(new BridgeOptions { SlurryQueueCapacity = 0 }, new ReverseFactory()));
        Assert.Equal("slurry-queue", ex.Setting);
        ex = Assert.Throws<BridgeConfigurationException>(() => new BridgeService(new BridgeOptions { Password = "hunter2" }, new ReverseFactory()));
        Assert.Equal("username", ex.Setting);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }
}
