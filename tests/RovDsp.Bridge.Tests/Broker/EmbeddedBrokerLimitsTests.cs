using System.Collections.Concurrent;
using System.Net;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Broker.Limits;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Wire;

namespace RovDsp.Bridge.Tests.Broker;

/// <summary>The embedded broker's limits that the attacks on the bridge process (Security/) do not reach: the
/// largest legitimate frame still passes, the retained store and topic lengths are capped, each refusal counted.</summary>
public class EmbeddedBrokerLimitsTests
{
    [Fact]
    public async Task A_full_rate_256_by_703_float_multibeam_frame_passes_and_one_byte_over_the_limit_closes_the_publisher()
    {
        // The real encoded size of the largest frame the sensors send: 256 beams × 703 float samples with row gains.
        var frame = new MultibeamFrame
        {
            BeamCount = 256, BinCount = 703, BearingsRad = new float[256], RowGains = new float[703],
            FloatSamples = new float[256 * 703],
        };
        var frameBytes = MultibeamFrameCodec.GetEncodedLength(frame);
        Assert.InRange(frameBytes, 700_000, 800_000);
        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var got = new ConcurrentBag<int>();
        using var subscriber = await BrokerTestClient.ConnectAsync(broker, "sub");
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            got.Add((int)e.ApplicationMessage.Payload.Length);
            return Task.CompletedTask;
        };
        await subscriber.SubscribeAsync("rov/rov1/raw/#");
        using var publisher = await BrokerTestClient.ConnectAsync(broker, "pub");
        await publisher.PublishBinaryAsync("rov/rov1/raw/multibeam/mb1", new byte[frameBytes]);
        Assert.True(await BrokerTestClient.WaitAsync(() => got.Contains(frameBytes), TimeSpan.FromSeconds(10)), "the full-rate frame did not arrive");
        Assert.Equal(0, broker.Refusals.Total);

        // One byte over: the PUBLISH's remaining length (topic, packet id, properties, payload) exceeds the limit.
        var limit = new BrokerLimits().MaxPacketBytes;
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await publisher.PublishBinaryAsync("rov/rov1/raw/multibeam/mb1", new byte[limit + 1], MqttQualityOfServiceLevel.AtLeastOnce);
        });
        Assert.True(await BrokerTestClient.WaitAsync(() => broker.Refusals["packet-too-large"] == 1, TimeSpan.FromSeconds(10)));
        Assert.True(await BrokerTestClient.WaitAsync(() => !publisher.IsConnected, TimeSpan.FromSeconds(10)), "the publisher is still connected");
        Assert.DoesNotContain(limit + 1, got);
    }

    [Fact]
    public async Task Retained_messages_beyond_the_limit_are_refused_with_quota_exceeded_and_a_new_subscriber_gets_only_those_kept()
    {
        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0, new BrokerLimits { MaxRetainedMessages = 3 });
        using var publisher = await BrokerTestClient.ConnectAsync(broker, "pub");
        var codes = new List<MqttClientPublishReasonCode>();
        for (var i = 0; i < 5; i++)
        {
            var result = await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"junk/{i}").WithPayload("x")
                .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            codes.Add(result.ReasonCode);
        }

        // Accepted (no one subscribes yet, which MQTT 5 says as NoMatchingSubscribers), then refused.
        Assert.Equal([.. Enumerable.Repeat(true, 3), false, false], codes.Select(Accepted));
        Assert.Equal(MqttClientPublishReasonCode.QuotaExceeded, codes[3]);
        // Replacing a retained topic is not a new one: still accepted at the limit.
        var replaced = await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("junk/0").WithPayload("y")
            .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.True(Accepted(replaced.ReasonCode), replaced.ReasonCode.ToString());
        Assert.Equal(2, broker.Refusals["retained-limit"]);

        var retained = new ConcurrentBag<string>();
        using var late = await BrokerTestClient.ConnectAsync(broker, "late");
        late.ApplicationMessageReceivedAsync += e =>
        {
            retained.Add(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        await late.SubscribeAsync("junk/#");
        await BrokerTestClient.WaitAsync(() => retained.Count >= 3, TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        Assert.Equal(["junk/0", "junk/1", "junk/2"], retained.Order(StringComparer.Ordinal));
    }

    private static bool Accepted(MqttClientPublishReasonCode code) =>
        code is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers;

    [Fact]
    public async Task A_topic_or_filter_over_the_length_limit_is_refused_and_counted()
    {
        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var reports = new ConcurrentBag<(string Source, string Detail)>();
        broker.Refusals.Reporter = (source, _, detail) => reports.Add((source, detail));
        using var client = await BrokerTestClient.ConnectAsync(broker, "c");
        var longTopic = "rov/rov1/raw/" + new string('x', 65_000);
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(longTopic).WithPayload("1")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientPublishReasonCode.TopicNameInvalid, result.ReasonCode);
        var sub = await client.SubscribeAsync(longTopic + "/#");
        Assert.Equal(MqttClientSubscribeResultCode.TopicFilterInvalid, sub.Items.Single().ResultCode);
        Assert.Equal(2, broker.Refusals["topic-too-long"]);
        // The report names the topic, cut short: no echo of 65 KB.
        Assert.All(reports, r => Assert.True(r.Source.Length < 200 && r.Detail.Length < 400, $"{r.Source.Length} + {r.Detail.Length} chars"));
    }
}
