namespace RovDsp.Perf.Latency;

/// <summary>Which outside subscriber times the feeds.</summary>
public enum SubscriberKind
{
    /// <summary>mosquitto_sub, a process of its own (a pilot's display is never inside the bridge's process).</summary>
    MosquittoSub,

    /// <summary>An MQTTnet client inside the harness's process (shares the bridge's thread pool and GC).</summary>
    InProcess,
}
