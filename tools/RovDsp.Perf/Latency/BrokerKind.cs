namespace RovDsp.Perf.Latency;

/// <summary>Which broker sits between the publisher, the bridge and the subscriber.</summary>
public enum BrokerKind
{
    /// <summary>The bridge's embedded MQTTnet broker, in the harness's process.</summary>
    Embedded,

    /// <summary>A mosquitto process started on a free loopback port.</summary>
    Mosquitto,
}
