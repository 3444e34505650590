using RovDsp.Perf.Latency;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Benchmarks.Tests.Latency;

/// <summary>A short latency run through a real mosquitto with mosquitto_sub timing: the observers beside the bridge
/// (the bare hop and the native relay of mosquitto_sub piped into mosquitto_pub) read the publish stamp back out of
/// what the Mosquitto project's own clients printed, so a wrong offset or a relay that never came up shows here.</summary>
[Collection("latency runs")]
public sealed class MosquittoLatencyRunTests
{
    [MosquittoFact]
    public async Task BareHopAndNativeRelayTimeThePingsBesideTheBridge()
    {
        var run = new LatencyRun(RealisticMix.Generate(2.0))
        {
            WarmUp = TimeSpan.FromSeconds(1.5),
            Subscriber = SubscriberKind.MosquittoSub,
        };
        var result = await run.RunAsync(BrokerKind.Mosquitto, 1, TimeSpan.FromSeconds(3));
        var ping = result.Kinds.Single(k => k.Kind == MixKind.Ping);

        // 20 pings/s for 3 s; each is seen by the bridge, the bare-hop observer and, relayed, by the observer again (most
        // of them: on a loaded machine a few of the first may be counted before the measured phase began).
        Assert.Equal(60, ping.Published);
        Assert.InRange(ping.EndToEnd.Count, 40, 65);
        Assert.InRange(ping.RawHop.Count, 40, 65);
        Assert.InRange(ping.NativeRelay.Count, 40, 65);

        // Times that are real: positive, under a second on loopback, and two hops through a pipe take longer than one.
        Assert.InRange(ping.RawHop.P50, 1, 1_000_000);
        Assert.InRange(ping.NativeRelay.P50, ping.RawHop.P50, 1_000_000);
        Assert.All(result.Kinds.Where(k => k.Kind != MixKind.Ping), k => Assert.Equal(0, k.NativeRelay.Count));
    }
}
