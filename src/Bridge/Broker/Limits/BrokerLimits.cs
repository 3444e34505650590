using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Broker.Limits;

/// <summary>
/// What the embedded broker lets one client, or all of them, cost it. Each limit is enforced before the broker
/// allocates for it: a packet's declared length is checked on its fixed header, ahead of MQTTnet's body buffer
/// (<see cref="GuardedTcpServerAdapter"/>), connections are refused at accept, and the rest are checked on the
/// broker's interception events (<see cref="BrokerLimitHooks"/>). Every refusal is counted in
/// <see cref="BrokerRefusals"/>.
/// </summary>
public sealed record BrokerLimits
{
    /// <summary>Largest MQTT packet (its remaining length, the bytes after the fixed header) the broker takes.
    /// 2 MiB: a full-rate multibeam frame of 256 beams × 703 float samples is about 724 KB on the wire (with row gains
    /// and its header), so this leaves room for bigger sonars, yet a declared 256 MiB body allocates nothing.</summary>
    public int MaxPacketBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Most TCP connections open at once; one more is closed at accept, before TLS or CONNECT.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>How long a new connection has to deliver its CONNECT packet (TLS handshake included) before it is
    /// closed. MQTTnet's own default is 100 s, which lets idle sockets pile up.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Bytes the broker may hold queued for one client (messages enqueued but not yet written to its
    /// socket). Beyond it the client's new messages are not queued and the client is disconnected, so a subscriber
    /// that never reads cannot make the broker hoard sonar frames.</summary>
    public long MaxQueuedBytesPerClient { get; init; } = 32L * 1024 * 1024;

    /// <summary>Longest topic name or subscription filter, in characters. The topic scheme's longest raw topic is
    /// well under 200.</summary>
    public int MaxTopicLength { get; init; } = 256;

    /// <summary>Most retained messages the broker stores.</summary>
    public int MaxRetainedMessages { get; init; } = 1000;

    /// <summary>Most bytes of retained payloads the broker stores.</summary>
    public long MaxRetainedBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Throws <see cref="BridgeConfigurationException"/> naming the first unusable limit.</summary>
    public void Validate()
    {
        // 268,435,455 is the largest remaining length MQTT can express at all.
        if (MaxPacketBytes is < 1024 or > 268_435_455)
        {
            throw new BridgeConfigurationException("max-packet-bytes", $"{MaxPacketBytes} must be within 1024–268435455");
        }

        if (MaxConnections < 1)
        {
            throw new BridgeConfigurationException("max-connections", "must be at least 1");
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromMinutes(10))
        {
            throw new BridgeConfigurationException("connect-timeout", $"{ConnectTimeout.TotalSeconds} s must be within (0, 600]");
        }

        if (MaxQueuedBytesPerClient < MaxPacketBytes)
        {
            throw new BridgeConfigurationException("max-queued-bytes", "must be at least max-packet-bytes");
        }

        if (MaxTopicLength < 16)
        {
            throw new BridgeConfigurationException("max-topic-length", "must be at least 16");
        }

        if (MaxRetainedMessages < 0 || MaxRetainedBytes < 0)
        {
            throw new BridgeConfigurationException("max-retained", "must not be negative");
        }
    }
}
