using RovDsp.Bridge.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Fleet;

/// <summary>
/// <c>--share-group</c> on mosquitto, whose shared subscriptions hand each message to the next member in turn: one
/// member alone sees a vehicle's whole stream and says nothing; with a second member each sees every other sample of a
/// sensor, and both say so loudly (stderr, the vehicle's retained status "warning", the fleet status counter, the
/// errors topic), which is why docs/deployment.md refuses mosquitto's strategy for stateful pipelines.
/// </summary>
public sealed class ShareGroupProcessTests(ITestOutputHelper output)
{
    private static FleetBridgeProcess StartMember(int port, string id) => FleetBridgeProcess.Start(
        "--broker", $"mqtt://127.0.0.1:{port}", "--share-group", "bridges", "--client-id", id, "--no-http");

    [MosquittoFact]
    public async Task RoundRobinBetweenTwoMembersIsDetectedAsInterleaving()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var traffic = await FleetTraffic.StartAsync(broker.Port);
        await using var first = StartMember(broker.Port, "shareA");
        FleetBridgeProcess? second = null;
        try
        {
            Assert.True(await FleetTraffic.WaitUntilAsync(() => traffic.Fleet.ContainsKey("shareA"), TimeSpan.FromSeconds(60)), first.Output);

            // One member: the whole stream, handled in full, no warning.
            await traffic.PublishAsync(["rov1"], TimeSpan.FromSeconds(2), lineRates: true);
            Assert.True(await FleetTraffic.WaitUntilAsync(() => traffic.Handled.GetValueOrDefault(("rov1", "shareA-rov1")) == traffic.Published("rov1"),
                TimeSpan.FromSeconds(15)), first.Output);
            Assert.Null(traffic.Status["rov1"].Warning);
            Assert.DoesNotContain("interleaved", first.Output, StringComparison.Ordinal);

            // Two members: mosquitto alternates the samples between them.
            second = StartMember(broker.Port, "shareB");
            Assert.True(await FleetTraffic.WaitUntilAsync(() => traffic.Fleet.ContainsKey("shareB"), TimeSpan.FromSeconds(60)), second.Output);
            await traffic.PublishAsync(["rov1"], TimeSpan.FromSeconds(3), lineRates: true);
            Assert.True(await FleetTraffic.WaitUntilAsync(
                    () => first.Output.Contains("interleaved sequence numbers", StringComparison.Ordinal)
                          && second.Output.Contains("interleaved sequence numbers", StringComparison.Ordinal)
                          && traffic.Fleet["shareA"].GetProperty("interleavings").GetInt64() > 0
                          && traffic.Fleet["shareB"].GetProperty("interleavings").GetInt64() > 0,
                    TimeSpan.FromSeconds(15)),
                "interleaving not said by both members:\n" + first.Output + "\n" + second.Output);
            Assert.Contains("interleaved sequence numbers on rov/rov1/raw/slurry/line1", traffic.Status["rov1"].Warning, StringComparison.Ordinal);

            // Between them every sample was handled once (neither took all of them).
            var a = traffic.Handled.GetValueOrDefault(("rov1", "shareA-rov1"));
            var b = traffic.Handled.GetValueOrDefault(("rov1", "shareB-rov1"));
            output.WriteLine($"published {traffic.Published("rov1")}, shareA handled {a}, shareB handled {b}");
            Assert.InRange(b, 1, traffic.Published("rov1") - 1);
        }
        finally
        {
            output.WriteLine(first.Output);
            if (second is not null)
            {
                output.WriteLine(second.Output);
                await second.DisposeAsync();
            }
        }
    }
}
