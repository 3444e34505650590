using System.Globalization;

namespace RovDsp.Perf.Latency;

/// <summary>One (broker, load) run of the latency harness.</summary>
public sealed record LatencyResult
{
    /// <summary>The broker.</summary>
    public required BrokerKind Broker { get; init; }

    /// <summary>Copies of the realistic mix.</summary>
    public required int Load { get; init; }

    /// <summary>Measured seconds (after the warm-up).</summary>
    public required double Seconds { get; init; }

    /// <summary>Per stream: ping, slurry, multibeam.</summary>
    public required IReadOnlyList<KindResult> Kinds { get; init; }

    /// <summary>Raw messages published per second.</summary>
    public required double InPerSecond { get; init; }

    /// <summary>Raw messages the bridge received per second.</summary>
    public required double BridgeInPerSecond { get; init; }

    /// <summary>Feeds (all feed topics, images included) the subscriber received per second.</summary>
    public required double OutPerSecond { get; init; }

    /// <summary>How late the publisher was against its schedule, µs (a late publisher offers less than the load).</summary>
    public required LatencyStats PublisherLateness { get; init; }

    /// <summary>Sonar (ping and multibeam) messages dropped by the bridge's drop-oldest queues.</summary>
    public required long SonarDropped { get; init; }

    /// <summary>Sonar messages published.</summary>
    public required long SonarPublished { get; init; }

    /// <summary>Deepest any slurry queue got (sampled every 10 ms).</summary>
    public required int SlurryMaxDepth { get; init; }

    /// <summary>Slurry queue depth left when publishing stopped.</summary>
    public required int SlurryEndDepth { get; init; }

    /// <summary>Times a full slurry queue made the receive path wait.</summary>
    public required long BackpressureWaits { get; init; }

    /// <summary>Handlers that threw.</summary>
    public required long Failures { get; init; }

    /// <summary>GC pause time during the measured run (whole process: bridge, broker when embedded, publisher and
    /// subscriber), ms.</summary>
    public required double GcPauseMs { get; init; }

    /// <summary>Gen 0 / 1 / 2 collections during the measured run.</summary>
    public required (int Gen0, int Gen1, int Gen2) Collections { get; init; }

    /// <summary>The stream <paramref name="kind"/>'s figures.</summary>
    public KindResult this[MixKind kind] => Kinds.First(k => k.Kind == kind);

    /// <summary>Sonar drops as a fraction of sonar messages.</summary>
    public double SonarDropFraction => SonarPublished == 0 ? 0 : (double)SonarDropped / SonarPublished;

    /// <summary>Why this run is past saturation (<see cref="SaturationRule"/>), or null when it is within it.</summary>
    public string? Saturated => SaturationRule.Check(this);

    /// <summary>One line for logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Broker} x{Load}: ping e2e p99 {this[MixKind.Ping].EndToEnd.P99:0} us, in {InPerSecond:0}/s");
}
