using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Broker;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.Tests.Service;

/// <summary>
/// The bridge inside its embedded broker (the default: raw messages taken and JSON feeds handed over in process)
/// and over its own connections (switched off): either way every raw message is handled exactly once, other
/// subscribers still get the raw topics, and the feeds reach subscribers with their content type and
/// encoding-version property.
/// </summary>
public class EmbeddedInProcessTests
{
    private const int Samples = 300;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_raw_message_is_handled_once_and_still_reaches_other_subscribers(bool inProcess)
    {
        var service = new BridgeService(
            new BridgeOptions
            {
                Vehicle = "r1",
                EmbeddedPort = 0,
                EmbeddedInProcess = inProcess,
                MetricsInterval = TimeSpan.FromMilliseconds(100),
            },
            new SensorHandlerFactory());
        await service.StartAsync();
        var raw = new ConcurrentQueue<byte[]>();
        var feeds = new ConcurrentQueue<(string Topic, string? ContentType, string? Encoding)>();
        var metrics = new ConcurrentQueue<byte[]>();
        var watcher = new MqttLink(
            new MqttLinkOptions
            {
                Endpoint = service.Endpoint!,
                ClientId = "watch",
                Subscriptions = [("rov/r1/raw/#", 1), ("rov/r1/feed/#", 0), ("rov/r1/metrics", 0)],
            },
            e =>
            {
                var payload = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
                var topic = e.ApplicationMessage.Topic;
                if (topic.StartsWith("rov/r1/raw/", StringComparison.Ordinal))
                {
                    raw.Enqueue(payload);
                }
                else if (topic == "rov/r1/metrics")
                {
                    metrics.Enqueue(payload);
                }
                else
                {
                    var encoding = e.ApplicationMessage.UserProperties?.FirstOrDefault(p => p.Name == "encoding-version") is { } property ? System.Text.Encoding.UTF8.GetString(property.ValueBuffer.Span) : null;
                    feeds.Enqueue((topic, e.ApplicationMessage.ContentType, encoding));
                }

                return Task.CompletedTask;
            });
        var publisher = new MqttLink(new MqttLinkOptions { Endpoint = service.Endpoint!, ClientId = "sensors" });
        try
        {
            await watcher.StartAsync(TimeSpan.FromSeconds(30));
            await publisher.StartAsync(TimeSpan.FromSeconds(30));
            var buffer = new byte[SlurrySampleCodec.EncodedLength];
            for (var i = 0; i < Samples; i++)
            {
                SlurrySampleCodec.Encode(
                    new(new(1_799_971_200_000_000_000 + i * 10_000_000L, (uint)i), 1, SlurrySensorKind.FlowVelocity, 2.0f + i * 1e-3f),
                    buffer);
                Assert.True(await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("rov/r1/raw/slurry/line1")
                    .WithPayload(buffer).WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build()));
            }

            await EmbeddedBrokerLinkTests.WaitUntil(() =>
                service.Workers.TryGetValue("rov/r1/raw/slurry/line1", out var w) && w!.Handled == Samples && raw.Count == Samples);
            await EmbeddedBrokerLinkTests.WaitUntil(() => feeds.Any(f => f.Topic == "rov/r1/feed/slurry/line1"));
            await Task.Delay(300);

            // Exactly once: not also through a subscription when taken in process.
            Assert.Equal(Samples, service.Workers["rov/r1/raw/slurry/line1"]!.Handled);
            Assert.Equal(Samples, service.RawReceived);
            Assert.Equal(0, service.Errors.Total);
            Assert.Equal(inProcess, service.InProcess);
            Assert.All(feeds.Where(f => f.Topic == "rov/r1/feed/slurry/line1"), f =>
            {
                Assert.Equal("application/json", f.ContentType);
                Assert.Equal("3", f.Encoding);
            });
            if (inProcess)
            {
                Assert.Equal(0, service.Link!.MessagesReceived);
                Assert.Equal(0, service.BulkLink!.MessagesReceived);
            }
            else
            {
                // The prompt link takes the slurry topic; the bulk one receives it too (raw/#) and ignores it.
                Assert.Equal(Samples, service.Link!.MessagesReceived);
                Assert.Equal(Samples, service.BulkLink!.MessagesReceived);
            }

            await EmbeddedBrokerLinkTests.WaitUntil(() => metrics.Any(m => InProcessOf(m) == inProcess));
        }
        finally
        {
            await publisher.DisposeAsync();
            await watcher.DisposeAsync();
            await service.DisposeAsync();
        }
    }

    private static bool? InProcessOf(byte[] metrics)
    {
        using var doc = JsonDocument.Parse(metrics);
        return doc.RootElement.TryGetProperty("inProcess", out var inProcess) ? inProcess.GetBoolean() : null;
    }
}
