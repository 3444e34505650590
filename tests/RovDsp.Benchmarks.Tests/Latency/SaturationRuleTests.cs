using RovDsp.Perf.Latency;

namespace RovDsp.Benchmarks.Tests.Latency;

/// <summary>The saturation rule on hand-made results: each clause alone makes a load saturated, and the
/// multiple is the highest load within it before two saturated loads in a row.</summary>
public sealed class SaturationRuleTests
{
    private static LatencyStats Stats(double p99) => new(100, p99 / 4, p99 / 2, p99, p99, p99);

    private static LatencyResult Result(int load, double pingE2eP99 = 3000, long dropped = 0, int slurryDepth = 3,
        long waits = 0, double lateP99 = 200)
    {
        KindResult Kind(MixKind k, double e2e) => new(k, 100, 100, Stats(100), Stats(e2e), Stats(100), Stats(50), Stats(100), Stats(10), Stats(150), Stats(300), LatencyStats.Empty, LatencyStats.Empty);
        return new LatencyResult
        {
            Broker = BrokerKind.Embedded,
            Load = load,
            Seconds = 10,
            Kinds = [Kind(MixKind.Ping, pingE2eP99), Kind(MixKind.Slurry, 2000), Kind(MixKind.Multibeam, 9000)],
            InPerSecond = 830 * load,
            BridgeInPerSecond = 830 * load,
            OutPerSecond = 42 * load,
            PublisherLateness = Stats(lateP99),
            SonarDropped = dropped,
            SonarPublished = 300 * load,
            SlurryMaxDepth = slurryDepth,
            SlurryEndDepth = 0,
            BackpressureWaits = waits,
            Failures = 0,
            GcPauseMs = 10,
            Collections = (5, 0, 0),
        };
    }

    [Fact]
    public void Each_clause_alone_saturates()
    {
        Assert.Null(Result(1).Saturated);
        Assert.NotNull(Result(1, dropped: 4).Saturated);          // 4 of 300 = 1.3 % > 1 %
        Assert.Null(Result(1, dropped: 3).Saturated);             // exactly 1 %
        Assert.NotNull(Result(1, slurryDepth: 512).Saturated);
        Assert.NotNull(Result(1, waits: 1).Saturated);
        Assert.NotNull(Result(1, pingE2eP99: 50_001).Saturated);
        Assert.NotNull(Result(1, lateP99: 25_001).Saturated);
    }

    [Fact]
    public void Multiple_is_the_highest_load_before_two_saturated_in_a_row()
    {
        Assert.Equal(8, SaturationRule.Multiple([Result(1), Result(2), Result(4), Result(8), Result(16, dropped: 999), Result(32, dropped: 999)]));
        // One disturbed run does not end the sweep.
        Assert.Equal(4, SaturationRule.Multiple([Result(1), Result(2, lateP99: 90_000), Result(4), Result(8, dropped: 999), Result(16, dropped: 999)]));
        Assert.Equal(0, SaturationRule.Multiple([Result(1, waits: 5), Result(2, waits: 5)]));
        Assert.True(SaturationRule.ShouldStop([Result(1), Result(2, waits: 1), Result(4, waits: 1)]));
        Assert.False(SaturationRule.ShouldStop([Result(1, waits: 1), Result(2), Result(4, waits: 1)]));
    }
}
