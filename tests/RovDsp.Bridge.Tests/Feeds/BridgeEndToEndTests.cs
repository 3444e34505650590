using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Broker;
using RovDsp.Dsp.Wire;
using RovDsp.Processing.Feeds;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Slurry;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Feeds;

public class BridgeEndToEndTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private static async Task<(BridgeService Service, MqttLink Watcher, MqttLink Publisher, ConcurrentQueue<(string Topic, byte[] Payload)> Seen)> StartAsync()
    {
        var service = new BridgeService(new BridgeOptions { Vehicle = "r1", EmbeddedPort = 0, ErrorReportsPerSecond = 20, MetricsInterval = TimeSpan.FromMilliseconds(200) }, new SensorHandlerFactory());
        await service.StartAsync();
        var seen = new ConcurrentQueue<(string, byte[])>();
        var watcher = new MqttLink(
            new MqttLinkOptions { Endpoint = service.Endpoint!, ClientId = "watch", Subscriptions = [("rov/r1/feed/#", 0), ("rov/r1/alarms/#", 1), ("rov/r1/errors", 0), ("rov/r1/metrics", 0)] },
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

    /// <summary>
    /// 100,000 refused messages through the embedded broker, each built so its reason follows from the wire
    /// specification (docs/wire-encoding.md), not from the decoder: truncated and oversized frames, wrong versions,
    /// bad kinds (out of range, or another sensor's kind on a slurry topic), infinite samples, random bytes,
    /// valid frames with one bit of the magic, version or kind flipped, and topics no pipeline takes. Published at
    /// QoS 0 in batches, pacing on the bridge's receive count so the broker's per-client queue never sheds any.
    /// </summary>
    [Fact]
    public async Task Hundred_thousand_malformed_payloads_are_counted_by_reason_rate_limited_and_good_input_still_flows()
    {
        var (service, watcher, publisher, seen) = await StartAsync();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var random = new Random(5);
            var good = new byte[SlurrySampleCodec.EncodedLength];
            SlurrySampleCodec.Encode(new(new(1_799_971_200_000_000_000, 0), 1, Dsp.Pipelines.Slurry.SlurrySensorKind.FlowVelocity, 2.0f), good);
            const int N = 100_000;
            const int BadTopics = 50;
            var expected = new Dictionary<string, long>(StringComparer.Ordinal);
            var topicsSeen = new HashSet<string>(StringComparer.Ordinal);
            var batch = new List<Task>(500);
            long sentPrompt = 0;
            for (var i = 0; i < N; i++)
            {
                var topic = $"rov/r1/raw/slurry/line{i % 4}";
                byte[] bad;
                string reason;
                switch (i % 9)
                {
                    case 0: bad = good[..random.Next(good.Length)]; reason = "truncated"; break;
                    case 1:
                        // Mostly a few bytes too many; one in a thousand of them a 300 KB flood.
                        bad = [.. good, .. new byte[1 + random.Next(i % 9000 == 1 ? 300_000 : 100)]];
                        reason = "oversized";
                        break;
                    case 2: bad = (byte[])good.Clone(); bad[2] = (byte)(2 + random.Next(254)); reason = "unsupported-version"; break;
                    case 3:
                        bad = (byte[])good.Clone();
                        // 0 and 6..255 are no kind; 1..4 are other sensors' kinds, refused on a slurry topic.
                        bad[3] = (byte)(random.Next(2) == 0 ? random.Next(1, 5) : random.Next(6, 256) % 256);
                        reason = "wrong-kind";
                        break;
                    case 4:
                        bad = new byte[SlurrySampleCodec.EncodedLength];
                        SlurrySampleCodec.Encode(new(new(1_799_971_200_000_000_000, 1), 1, Dsp.Pipelines.Slurry.SlurrySensorKind.FlowVelocity,
                            random.Next(2) == 0 ? float.PositiveInfinity : float.NegativeInfinity), bad);
                        reason = "non-finite";
                        break;
                    case 5: bad = new byte[random.Next(2, 200)]; random.NextBytes(bad); bad[0] = (byte)'X'; reason = "bad-magic"; break;
                    case 6:
                        // One bit of the magic (bytes 0-1), the version (2) or the kind (3) flipped.
                        bad = (byte[])good.Clone();
                        var at = random.Next(4);
                        bad[at] ^= (byte)(1 << random.Next(8));
                        reason = at switch { < 2 => "bad-magic", 2 => "unsupported-version", _ => "wrong-kind" };
                        break;
                    case 7:
                        topic = $"rov/r1/raw/lidar/l{random.Next(BadTopics)}";
                        bad = (byte[])good.Clone();
                        reason = topicsSeen.Add(topic) ? "bad-topic" : "refused-topic";
                        break;
                    default:
                        // Empty payloads are truncated too.
                        bad = [];
                        reason = "truncated";
                        break;
                }

                expected[reason] = expected.GetValueOrDefault(reason) + 1;
                sentPrompt += service.Topics.IsPromptRaw(topic) ? 1 : 0;
                batch.Add(publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(bad)
                    .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtMostOnce).Build()).AsTask());
                if (batch.Count == 500)
                {
                    await Task.WhenAll(batch);
                    batch.Clear();
                    // Keep at most ~1,500 messages in flight. Taken inside the embedded broker (the default), a raw
                    // message is the bridge's once the broker has read it. Over the links' subscriptions, the embedded
                    // broker sheds a client's oldest past 2,000: the bulk connection gets every raw message (it handles
                    // the unknown "lidar" kind and ignores the slurry topics), the prompt one the slurry topics, and the
                    // slower of the two sets the pace.
                    var sent = i + 1;
                    var prompt = sentPrompt;
                    await EmbeddedBrokerLinkTests.WaitUntil(() => service.InProcess
                        ? service.RawReceived >= sent - 1000
                        : service.Link!.MessagesReceived >= prompt - 1000 && (service.BulkLink?.MessagesReceived ?? long.MaxValue) >= sent - 1000);
                }
            }

            await Task.WhenAll(batch);
            Assert.All(batch, t => Assert.True(((Task<bool>)t).Result));
            await EmbeddedBrokerLinkTests.WaitUntil(() => service.Errors.Total == N);
            var elapsed = clock.Elapsed.TotalSeconds;
            Assert.Equal(N, service.RawReceived);
            foreach (var (reason, count) in expected.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Assert.True(service.Errors.Counts.TryGetValue(reason, out var counted), $"no '{reason}' counted");
                Assert.True(count == counted, $"{reason}: expected {count}, counted {counted}");
            }

            Assert.Equal(expected.Count, service.Errors.Counts.Count);
            // Metrics carry every reason's count (published every 200 ms here).
            await EmbeddedBrokerLinkTests.WaitUntil(() => seen.Any(m => m.Topic == "rov/r1/metrics" && MetricsTotal(m.Payload) == N));
            using (var doc = JsonDocument.Parse(seen.Last(m => m.Topic == "rov/r1/metrics" && MetricsTotal(m.Payload) == N).Payload))
            {
                var errors = doc.RootElement.GetProperty("errors");
                foreach (var (reason, count) in expected)
                {
                    Assert.Equal(count, MetricsJson.ByReason(errors, reason));
                }
            }

            // The errors topic is a token bucket of 20/s (burst 20): at most 20 per second of the run, plus the burst.
            var reports = seen.Count(m => m.Topic == "rov/r1/errors");
            Assert.InRange(reports, 1, (int)(20 * (clock.Elapsed.TotalSeconds + 1)) + 20);
            log.WriteLine($"{N} malformed in {elapsed:F1} s; {reports} error reports; " +
                string.Join(", ", expected.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));
            // The error reports and the metrics counting every reason, for the Foxglove audit of their schemas.
            TelemetryRecording.Write(seen.Where(m => m.Item1 is "rov/r1/errors" or "rov/r1/metrics"));

            // Good input still flows afterwards, on a line that saw only garbage.
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

    private static long MetricsTotal(byte[] payload)
    {
        using var doc = JsonDocument.Parse(payload);
        return doc.RootElement.GetProperty("errors").GetProperty("total").GetInt64();
    }
}
