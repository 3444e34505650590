using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MQTTnet;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Processing.Feeds;

namespace RovDsp.Benchmarks.Bridge;

/// <summary>
/// The bridge's feed publish path for one altitude feed message: writing the JSON and getting an MQTT message to
/// hand to the client. Ours: the handler's reused <see cref="JsonFeedBuffer"/> and the per-topic
/// <see cref="FeedMessageCache"/>. Baseline (naive): <c>JsonSerializer.SerializeToUtf8Bytes</c> of a record and a
/// new message from <see cref="MqttApplicationMessageBuilder"/> per publish. The two <c>…Publish</c> benchmarks
/// also send the message with MQTTnet's client to an in-process broker (QoS 0), so the difference to the first two
/// is what MQTTnet allocates per publish (client and broker: both live in this process). Run with
/// <c>--filter '*FeedPublish*'</c>. Measured (--job short --inProcess, 2-core machine under load, so only the
/// allocations are figures): naive 608 B/message, ours 0 B; with MQTTnet's publish, naive 2,435 B, ours 1,833 B,
/// i.e. MQTTnet (client and in-process broker) allocates about 1.8 KB per QoS 0 publish.
/// </summary>
[MemoryDiagnoser]
public class FeedPublishBenchmarks
{
    private const string Topic = "rov/rov1/feed/altitude/echo1";
    private static readonly ReadOnlyMemory<byte> EncodingVersion = "1"u8.ToArray();
    private readonly JsonFeedBuffer _json = new();
    private readonly FeedMessageCache _cache = new(EncodingVersion);
    private EmbeddedBroker? _broker;
    private MqttLink? _link;
    private long _seq;

    /// <summary>The altitude feed's fields, as a naive implementation would declare them.</summary>
    public sealed record AltitudeFeed(long T, long Seq, double AltitudeM, double Confidence, double BottomDb, double SnrDb, string State,
        double RawPickM, double SoundSpeedMps);

    /// <summary>Starts an in-process broker and a connected client for the publishing benchmarks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _broker = EmbeddedBroker.StartAsync(IPAddress.Loopback, 0).GetAwaiter().GetResult();
        _link = new MqttLink(new MqttLinkOptions { Endpoint = new BrokerEndpoint("127.0.0.1", _broker.Port, false), ClientId = "bench" });
        _link.StartAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
    }

    /// <summary>Stops the client and the broker.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _link?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _broker?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private ReadOnlyMemory<byte> WriteOurs()
    {
        var json = _json.Begin();
        json.WriteStartObject();
        json.WriteNumber("t", 1_799_971_200_123_456_789L + _seq);
        json.WriteNumber("seq", _seq++);
        JsonFeedBuffer.Number(json, "altitudeM", 3.2141, 3);
        JsonFeedBuffer.Number(json, "confidence", 0.93, 3);
        JsonFeedBuffer.Number(json, "bottomDb", 41.21, 1);
        JsonFeedBuffer.Number(json, "snrDb", 27.52, 1);
        json.WriteString("state", "valid");
        JsonFeedBuffer.Number(json, "rawPickM", 3.209, 3);
        JsonFeedBuffer.Number(json, "soundSpeedMps", 1554.8, 1);
        json.WriteEndObject();
        return _json.End();
    }

    private MqttApplicationMessage Naive()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new AltitudeFeed(1_799_971_200_123_456_789L + _seq, _seq++, 3.214, 0.93, 41.2, 27.5, "valid", 3.209, 1554.8));
        return new MqttApplicationMessageBuilder().WithTopic(Topic).WithPayload(bytes).WithContentType("application/json")
            .WithMessageExpiryInterval(2).WithUserProperty("encoding-version", EncodingVersion).Build();
    }

    /// <summary>Naive: serialise a record, build a new message.</summary>
    [Benchmark(Baseline = true)]
    public MqttApplicationMessage NaiveMessage() => Naive();

    /// <summary>Ours: reused JSON buffer, the topic's cached message.</summary>
    [Benchmark]
    public int OursMessage()
    {
        var lease = _cache.Rent(Topic, WriteOurs(), "application/json", 2, false);
        var length = (int)lease.Message.Payload.Length;
        FeedMessageCache.Return(lease);
        return length;
    }

    /// <summary>Naive, then published by MQTTnet to the in-process broker.</summary>
    [Benchmark]
    public async Task<bool> NaivePublish() => await _link!.PublishAsync(Naive());

    /// <summary>Ours, then published by MQTTnet to the in-process broker.</summary>
    [Benchmark]
    public async Task<bool> OursPublish()
    {
        var lease = _cache.Rent(Topic, WriteOurs(), "application/json", 2, false);
        try
        {
            return await _link!.PublishAsync(lease.Message);
        }
        finally
        {
            FeedMessageCache.Return(lease);
        }
    }
}
