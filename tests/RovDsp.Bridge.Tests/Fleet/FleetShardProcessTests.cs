using System.Globalization;
using RovDsp.Bridge.Fleet;
using RovDsp.Bridge.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Fleet;

/// <summary>
/// Issue 20's multi-process test: four rovdsp-bridge processes with <c>--vehicles + --shard k/4</c> on one mosquitto,
/// eight vehicles publishing their slurry lines at 1×. Each vehicle is served by exactly one bridge (its status and
/// metrics come from one client id, the owner the hash names, whose vector fnv1a_vectors.py computes independently),
/// each sample is processed exactly once (the owner's handled count equals the samples the broker acknowledged; the
/// other bridges never start the vehicle), and a bridge killed with SIGKILL leaves its vehicles offline by their own
/// last wills, then, started again with the same flags, serves the same vehicles again.
/// </summary>
public sealed class FleetShardProcessTests(ITestOutputHelper output)
{
    private static readonly string[] VehicleIds = ["rov1", "rov2", "rov3", "rov4", "rov5", "rov6", "rov7", "rov8"];

    // Shard of each vehicle under FNV-1a 32 mod 4, from fnv1a_vectors.py (not from the code under test).
    private static readonly Dictionary<string, int> Owner = new(StringComparer.Ordinal)
    {
        ["rov1"] = 3, ["rov2"] = 2, ["rov3"] = 1, ["rov4"] = 0, ["rov5"] = 3, ["rov6"] = 2, ["rov7"] = 1, ["rov8"] = 0,
    };

    private static string ClientOf(int shard) => "fleet" + shard.ToString(CultureInfo.InvariantCulture);

    private static FleetBridgeProcess StartShard(int port, int shard) => FleetBridgeProcess.Start(
        "--broker", $"mqtt://127.0.0.1:{port}", "--vehicles", "+", "--shard", $"{shard}/4", "--client-id", ClientOf(shard), "--no-http");

    [MosquittoFact]
    public async Task FourShardsServeEightVehiclesEachOnceAndAKilledShardResumes()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var traffic = await FleetTraffic.StartAsync(broker.Port);
        var bridges = Enumerable.Range(0, 4).Select(k => StartShard(broker.Port, k)).ToArray();
        try
        {
            Assert.True(await FleetTraffic.WaitUntilAsync(() => traffic.Fleet.Count == 4, TimeSpan.FromSeconds(60)),
                "not every bridge published its fleet status:\n" + string.Join("\n", bridges.Select(b => b.Output)));

            // 6 s of the eight slurry lines (6,400 samples/s in all), then time for the last metrics (published each second).
            await traffic.PublishAsync(VehicleIds, TimeSpan.FromSeconds(6));
            var settled = await FleetTraffic.WaitUntilAsync(
                () => VehicleIds.All(v => traffic.Handled.GetValueOrDefault((v, $"{ClientOf(Owner[v])}-{v}")) == traffic.Published(v)),
                TimeSpan.FromSeconds(20));
            foreach (var v in VehicleIds)
            {
                output.WriteLine($"{v}: published {traffic.Published(v)}, handled by {string.Join(", ", traffic.Handled.Where(h => h.Key.Vehicle == v).Select(h => $"{h.Key.Client} {h.Value}"))}");
            }

            Assert.True(settled, "a vehicle's samples were not all handled by its shard:\n" + string.Join("\n", bridges.Select(b => b.Output)));
            foreach (var v in VehicleIds)
            {
                // Exactly one bridge: every metrics and status message of the vehicle came from the owner's connection.
                Assert.Equal([$"{ClientOf(Owner[v])}-{v}"], traffic.Handled.Keys.Where(k => k.Vehicle == v).Select(k => k.Client).Distinct());
                Assert.All(traffic.StatusLog.Where(s => s.Vehicle == v), s => Assert.Equal($"{ClientOf(Owner[v])}-{v}", s.Client));
                Assert.Equal(6 * 800, traffic.Published(v));
            }

            // Each bridge started its own vehicles only, and ignored (counted) every sample of the other six.
            bool FleetsAgree() => Enumerable.Range(0, 4).All(k =>
                traffic.Fleet[ClientOf(k)].GetProperty("vehicles").EnumerateArray().Select(e => e.GetString()!).Order()
                    .SequenceEqual(VehicleIds.Where(v => Owner[v] == k).Order())
                && traffic.Fleet[ClientOf(k)].GetProperty("messagesElsewhere").GetInt64() == 6 * 6 * 800);
            Assert.True(await FleetTraffic.WaitUntilAsync(FleetsAgree, TimeSpan.FromSeconds(10)),
                string.Join("\n", traffic.Fleet.Select(f => $"{f.Key}: {f.Value}")));

            // SIGKILL shard 2 (rov2, rov6): the broker publishes each vehicle's last will (its own connection's).
            await bridges[2].KillAsync();
            Assert.True(await FleetTraffic.WaitUntilAsync(
                    () => traffic.Status.GetValueOrDefault("rov2").State == "offline" && traffic.Status.GetValueOrDefault("rov6").State == "offline",
                    TimeSpan.FromSeconds(20)),
                "the killed shard's vehicles were not marked offline by their last wills");
            Assert.Equal("online", traffic.Status["rov1"].State);

            Assert.True(await FleetTraffic.WaitUntilAsync(() => traffic.Fleet[ClientOf(2)].GetProperty("state").GetString() == "offline",
                TimeSpan.FromSeconds(20)), "the killed bridge's fleet status was not marked offline by its last will");

            // Started again with the same flags, it discovers its vehicles again from their next samples and serves them
            // (a new process: its counts start from zero, so they equal what was published since).
            bridges[2] = StartShard(broker.Port, 2);
            Assert.True(await FleetTraffic.WaitUntilAsync(() => traffic.Fleet[ClientOf(2)].GetProperty("state").GetString() == "online",
                TimeSpan.FromSeconds(60)), "the restarted bridge did not come back:\n" + bridges[2].Output);
            var before = VehicleIds.ToDictionary(v => v, traffic.Published);
            traffic.Handled.Clear();
            await traffic.PublishAsync(VehicleIds, TimeSpan.FromSeconds(2));
            long Expected(string v) => Owner[v] == 2 ? traffic.Published(v) - before[v] : traffic.Published(v);
            Assert.True(await FleetTraffic.WaitUntilAsync(
                    () => VehicleIds.All(v => traffic.Handled.GetValueOrDefault((v, $"{ClientOf(Owner[v])}-{v}")) == Expected(v)),
                    TimeSpan.FromSeconds(20)),
                "after the restart some vehicle's samples were not handled exactly once: "
                + string.Join(", ", traffic.Handled.Select(h => $"{h.Key} {h.Value}/{Expected(h.Key.Vehicle)}")) + "\n" + bridges[2].Output);
            Assert.All(traffic.Handled.Keys, k => Assert.Equal($"{ClientOf(Owner[k.Vehicle])}-{k.Vehicle}", k.Client));
            Assert.Equal(("online", $"{ClientOf(2)}-rov2"), (traffic.Status["rov2"].State, traffic.Status["rov2"].Client));
            Assert.Equal(("online", $"{ClientOf(2)}-rov6"), (traffic.Status["rov6"].State, traffic.Status["rov6"].Client));
        }
        finally
        {
            foreach (var b in bridges)
            {
                output.WriteLine(b.Output);
                await b.DisposeAsync();
            }
        }
    }
}
