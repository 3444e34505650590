using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Feeds;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Broker;
using RovDsp.Dsp.Wire;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Slurry;

namespace RovDsp.Bridge.Tests.Feeds;

public class BridgeEndToEndTests
{
    private static async Task<(BridgeService Service, MqttLink Watcher, MqttLink Publisher, ConcurrentQueue<(string Topic, byte[] Payload)> Seen)> StartAsync()
    {
        var service = new BridgeService(new BridgeOptions { Vehicle = "r1", EmbeddedPort = 0, ErrorReportsPerSecond = 20 }, new SensorHandlerFactory());
        await service.StartAsync();
        var seen = new ConcurrentQueue<(string, byte[])>();
        var watcher = new MqttLink(
            new MqttLinkOptions { Endpoint = service.Endpoint!, ClientId = "watch", Subscriptions = [("rov/r1/feed/#", 0), ("rov/r1/alarms/#", 1), ("rov/r1/errors", 0)] },
            e =>
            {
                seen.Enqueue((e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload)));
                return Task.CompletedTask;
            });
        await watcher.StartAsync(TimeSpan.FromSeconds(30));
        var publisher = new MqttLink(new MqttLinkOptions { Endpoint = service.Endpoint!, ClientId = "sensors" });
        await publisher.StartAsync(TimeSpan.FromSeconds(30));
        return (service, watcher, publisher, seen);
    }

    private static MqttApplicationMessage Raw(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build();

    [Fact]
    public async Task Simulated_slurry_line_through_the_bridge_gives_a_slurry_feed_that_tracks_the_truth()
    {
        var (service, watcher, publisher, seen) = await StartAsync();
        try
        {
            var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 21, TimeSpan.FromSeconds(240)));
            var simulator = new SlurrySimulator(world);
            var buffer = new byte[SlurrySampleCodec.EncodedLength];
            SlurryTruth truth = default;
            var sent = 0;
            while (simulator.TryNext(out var sample, out var t))
            {
                truth = t;
                SlurrySampleCodec.Encode(sample, buffer);
                Assert.True(await publisher.PublishAsync(Raw("rov/r1/raw/slurry/line1", buffer)));
                sent++;
            }

            await EmbeddedBrokerLinkTests.WaitUntil(() => service.Workers.TryGetValue("rov/r1/raw/slurry/line1", out var w) && w!.Handled == sent);
            // The last feed message reflects the whole minute: tonnes lifted close to the simulator's truth.
            await EmbeddedBrokerLinkTests.WaitUntil(() => seen.Any(m => m.Topic == "rov/r1/feed/slurry/line1"));
            var last = seen.Last(m => m.Topic == "rov/r1/feed/slurry/line1");
            using var doc = JsonDocument.Parse(last.Payload);
            var dry = doc.RootElement.GetProperty("dryTonnesToday").GetDouble();
            Assert.True(dry > 0, "no tonnes lifted");
            // 4 % here, not the pipeline's 1 % floor: the feed is throttled to 10 Hz and the dive is short, so the gamma gauge's
            // 3 s lag at the start of mining weighs more than over a long dive.
            Assert.InRange(dry, truth.CumulativeDryTonnes * 0.96, truth.CumulativeDryTonnes * 1.04);
            Assert.Equal(0, service.Errors.Total);
            Assert.True(service.Processing.Count >= 1);
        }
        finally
        {
            await publisher.DisposeAsync();
            await watcher.DisposeAsync();
            await service.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ten_thousand_malformed_payloads_are_counted_by_reason_and_good_input_still_flows()
    {
        var (service, watcher, publisher, seen) = await StartAsync();
        try
        {
            var random = new Random(5);
            var good = new byte[SlurrySampleCodec.EncodedLength];
            SlurrySampleCodec.Encode(new(new(1_799_971_200_000_000_000, 0), 1, Dsp.Pipelines.Slurry.SlurrySensorKind.FlowVelocity, 2.0f), good);
            const int N = 10_000;
            for (var i = 0; i < N; i++)
            {
                byte[] bad;
                switch (i % 5)
                {
                    case 0: bad = good[..random.Next(good.Length)]; break; // truncated
                    case 1: bad = [.. good, .. new byte[1 + random.Next(100)]]; break; // oversized
                    case 2: bad = (byte[])good.Clone(); bad[2] = (byte)(2 + random.Next(200)); break; // version
                    case 3: bad = new byte[random.Next(1, 64)]; random.NextBytes(bad); bad[0] = (byte)'X'; break; // garbage
                    default:
                        bad = new byte[SlurrySampleCodec.EncodedLength];
                        SlurrySampleCodec.Encode(new(new(1_799_971_200_000_000_000, 1), 1, Dsp.Pipelines.Slurry.SlurrySensorKind.FlowVelocity, float.PositiveInfinity), bad);
                        break;
                }

                await publisher.PublishAsync(Raw("rov/r1/raw/slurry/line1", bad));
            }

            await EmbeddedBrokerLinkTests.WaitUntil(() => service.Errors.Total == N);
            Assert.Equal(N / 5, service.Errors.Counts["oversized"]);
            Assert.Equal(N / 5, service.Errors.Counts["unsupported-version"]);
            Assert.Equal(N / 5, service.Errors.Counts["non-finite"]);
            Assert.Equal(2 * N / 5, service.Errors.Counts["truncated"] + service.Errors.Counts["bad-magic"]);
            // Reports on the errors topic are rate-limited (20/s here): far fewer than the errors.
            Assert.InRange(seen.Count(m => m.Topic == "rov/r1/errors"), 1, 200);

            // Good input still flows afterwards.
            for (var k = 0; k < 20; k++)
            {
                SlurrySampleCodec.Encode(new(new(1_799_971_200_000_000_000 + k * 100_000_000L, (uint)k), 1, Dsp.Pipelines.Slurry.SlurrySensorKind.FlowVelocity, 2.0f), good);
                await publisher.PublishAsync(Raw("rov/r1/raw/slurry/line1", good));
            }

            await EmbeddedBrokerLinkTests.WaitUntil(() => seen.Any(m => m.Topic == "rov/r1/feed/slurry/line1"));
            Assert.Equal(N, service.Errors.Total);
        }
        finally
        {
            await publisher.DisposeAsync();
            await watcher.DisposeAsync();
            await service.DisposeAsync();
        }
    }
}
