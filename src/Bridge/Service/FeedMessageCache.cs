using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.Service;

/// <summary>
/// One reusable <see cref="MqttApplicationMessage"/> per feed topic, so publishing a feed allocates nothing of
/// ours: the topic string, content type and the <c>encoding-version</c> user property are made once per topic,
/// and each publish only points the message at the handler's (reused) payload buffer. MQTTnet 5 copies what it
/// needs into its own publish packet and is done with the message when <c>PublishAsync</c> completes, which is
/// also when <see cref="IFeedSink"/> lets the caller reuse the payload. A topic is normally published by one
/// worker at a time; when two publish the same topic at once (the alarm topics, reached from every worker), the
/// second gets a fresh message instead of waiting.
/// </summary>
public sealed class FeedMessageCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ReadOnlyMemory<byte> _encodingVersion;

    /// <summary>Creates the cache; every message carries the user property <c>encoding-version</c>.</summary>
    public FeedMessageCache(ReadOnlyMemory<byte> encodingVersion)
    {
        _encodingVersion = encodingVersion;
    }

    /// <summary>Messages built because the topic's cached one was in use by another publish.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    private long _misses;

    /// <summary>A message for one publish; hand it back with <see cref="Return"/> once the publish completed.</summary>
    public Lease Rent(string topic, ReadOnlyMemory<byte> payload, string contentType, uint expirySeconds, bool retain)
    {
        if (!_entries.TryGetValue(topic, out var entry))
        {
            entry = Add(topic, contentType);
        }

        Entry? owned = entry;
        var message = entry.Message;
        if (Interlocked.CompareExchange(ref entry.InUse, 1, 0) != 0)
        {
            Interlocked.Increment(ref _misses);
            owned = null;
            message = NewMessage(topic, contentType);
        }

        // ContentType is per topic in practice; set it anyway (a reference assignment) so the message is right.
        message.ContentType = contentType;
        message.Payload = new ReadOnlySequence<byte>(payload);
        message.MessageExpiryInterval = expirySeconds;
        message.Retain = retain;
        message.QualityOfServiceLevel = QosFor(topic, retain);
        return new Lease(message, owned);
    }

    /// <summary>The QoS a message is published at. Retained messages (the active-alarm list) go at QoS 1, as
    /// docs/topics.md promises: a late subscriber's view of what is active must not depend on a QoS 0 packet
    /// surviving. Alarm events, metrics and errors go at QoS 1 too, so a broker that refuses them (an ACL) says so in
    /// an MQTT 5 PUBACK reason code, which the link counts and the command line reports: a pilot must never lose
    /// alarms in silence. Feeds stay QoS 0 (high rate, only the newest matters).</summary>
    internal static MqttQualityOfServiceLevel QosFor(string topic, bool retain) =>
        retain || IsReport(topic) ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce;

    // rov/{vehicle}/alarms/..., rov/{vehicle}/metrics, rov/{vehicle}/errors (docs/topics.md).
    private static bool IsReport(string topic) =>
        topic.Contains("/alarms/", StringComparison.Ordinal) || topic.EndsWith("/metrics", StringComparison.Ordinal)
        || topic.EndsWith("/errors", StringComparison.Ordinal);

    /// <summary>Releases a message from <see cref="Rent"/>: its payload reference is dropped so the cache does not
    /// keep the handler's buffer reachable.</summary>
    public static void Return(in Lease lease)
    {
        lease.Message.Payload = ReadOnlySequence<byte>.Empty;
        if (lease.Entry is { } entry)
        {
            Volatile.Write(ref entry.InUse, 0);
        }
    }

    private Entry Add(string topic, string contentType) =>
        _entries.GetOrAdd(topic, static (t, state) => new Entry(state.Self.NewMessage(t, state.ContentType)), (Self: this, ContentType: contentType));

    private MqttApplicationMessage NewMessage(string topic, string contentType) => new()
    {
        Topic = topic,
        ContentType = contentType,
        QualityOfServiceLevel = MqttQualityOfServiceLevel.AtMostOnce,
        UserProperties = [new MqttUserProperty("encoding-version", _encodingVersion)],
    };

    /// <summary>A rented message and the cache slot it came from (null when it was built for this publish).</summary>
    public readonly record struct Lease(MqttApplicationMessage Message, object? Slot)
    {
        internal Entry? Entry => Slot as Entry;
    }

    internal sealed class Entry(MqttApplicationMessage message)
    {
        public readonly MqttApplicationMessage Message = message;
        public int InUse;
    }
}
