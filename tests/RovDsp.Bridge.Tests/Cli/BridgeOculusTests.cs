using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Cli;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Replay.Devices;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Multibeam;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Cli;

/// <summary>
/// <c>rovdsp-bridge --oculus</c> end to end: the simulated Oculus on a loopback TCP port, the bridge command run in
/// process against a broker, an outside subscriber on the multibeam feeds, the alarms and the status.
/// </summary>
public class BridgeOculusTests(ITestOutputHelper log)
{
    private sealed record Seen(string Topic, byte[] Payload, long ReceivedNs);

    private static long NowNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private static async Task<(EmbeddedBroker Broker, MqttLink Watcher, ConcurrentQueue<Seen> Seen)> WatchAsync()
    {
        var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var seen = new ConcurrentQueue<Seen>();
        var watcher = new MqttLink(
            new MqttLinkOptions
            {
                Endpoint = new BrokerEndpoint("127.0.0.1", broker.Port, false), ClientId = "outside",
                Subscriptions = [("rov/rov1/feed/obstacles/#", 0), ("rov/rov1/alarms/events", 1), ("rov/rov1/status", 1), ("rov/rov1/errors", 0), ("rov/rov1/metrics", 0)],
            },
            e =>
            {
                seen.Enqueue(new(e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload), NowNs()));
                return Task.CompletedTask;
            });
        await watcher.StartAsync(TimeSpan.FromSeconds(10));
        return (broker, watcher, seen);
    }

    private static async Task WaitUntil(Func<bool> condition, string what, double seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private static bool HasOculusState(Seen s, string state, string? reason = null)
    {
        if (s.Topic != "rov/rov1/status")
        {
            return false;
        }

        using var doc = JsonDocument.Parse(s.Payload);
        return doc.RootElement.TryGetProperty("hardware", out var devices) && devices.TryGetProperty("oculus", out var oculus)
               && oculus.GetProperty("state").GetString() == state
               && (reason is null || (oculus.TryGetProperty("reason", out var r) && r.GetString()!.Contains(reason, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Bridge_fires_a_simulated_Oculus_finds_the_lost_tool_where_the_simulator_put_it_and_a_silent_sonar_raises_the_stale_alarm()
    {
        // The obstacle dive of the shipped recording (seed 3, 90 s); the device starts 25 s before the vehicle
        // reaches the lost tool, 10 m short of it at 0.4 m/s.
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, 3, TimeSpan.FromSeconds(90)));
        var tool = world.Obstacles.Select((o, i) => (o, i)).Single(p => p.o.Kind == ObstacleKind.LostTool);
        var reach = Enumerable.Range(0, 180).Select(i => i * 0.5)
            .First(t => VehicleTrack.ToVehicleFrame(world.Track.PoseAt(t), tool.o.X, tool.o.Y) is var (a, s) && Math.Abs(a) < 1 && Math.Abs(s) < 1);
        var settings = new MultibeamSimulatorSettings();
        var firstFrame = (int)((reach - 25) * settings.FrameRateHz);
        await using var device = SimulatedOculusDevice.FromSimulator(world, firstFrame, settings);
        var (broker, watcher, seen) = await WatchAsync();
        await using var _ = broker;
        await using var __ = watcher;

        using var output = new StringWriter();
        using var error = new StringWriter();
        var run = BridgeCommand.RunAsync(
            ["--broker", $"mqtt://127.0.0.1:{broker.Port}", "--oculus", $"127.0.0.1:{device.EndPoint.Port}", "--oculus-range", "20",
             "--oculus-rate", "10", "--no-view", "--duration", "16"],
            output, error, new Dictionary<string, string?>());
        await WaitUntil(() => seen.Any(s => HasOculusState(s, "connected")), "the status saying the sonar is connected", 10);
        // Eight seconds of pings, then the sonar falls silent on its open connection.
        await WaitUntil(() => seen.Count(s => s.Topic == "rov/rov1/feed/obstacles/multibeam1") >= 40, "40 obstacle feeds", 12);
        var stopWatch = Stopwatch.StartNew();
        await Task.Delay(4000);
        var pingsBefore = device.PingsSent;
        var feedsBefore = seen.Count(s => s.Topic == "rov/rov1/feed/obstacles/multibeam1");
        var rate = (feedsBefore - 40) / stopWatch.Elapsed.TotalSeconds;
        device.Silent = true;
        var code = await run;
        log.WriteLine(output.ToString());
        log.WriteLine(error.ToString());
        Assert.True(code == 0, error.ToString());

        // The stale alarm rose once the sonar stopped, and the status said why.
        var raised = seen.Where(s => s.Topic == "rov/rov1/alarms/events").Any(s =>
        {
            using var doc = JsonDocument.Parse(s.Payload);
            return doc.RootElement.GetProperty("events").EnumerateArray()
                .Any(e => e.GetProperty("alarm").GetString() == "Imaging sonar stale" && e.GetProperty("transition").GetString() == "raised");
        });
        Assert.True(raised, "no 'Imaging sonar stale' raised after the sonar fell silent");
        Assert.Contains(seen, s => HasOculusState(s, "lost", "stopped answering"));
        Assert.Contains("rovdsp-bridge: oculus lost: no ping for", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(seen, s => s.Topic == "rov/rov1/errors");
        Assert.Contains("oculus 127.0.0.1:", output.ToString(), StringComparison.Ordinal);

        // Every frame's obstacles against the simulator's truth for the dive frame its pingId names.
        var sim = new MultibeamSimulator(world, settings);
        var frame = sim.CreateFrame();
        var truth = new List<MultibeamObstacleTruth>();
        int owed = 0, found = 0;
        var latencies = new List<double>();
        foreach (var feed in seen.Where(s => s.Topic == "rov/rov1/feed/obstacles/multibeam1"))
        {
            using var doc = JsonDocument.Parse(feed.Payload);
            var k = doc.RootElement.GetProperty("seq").GetInt32();
            latencies.Add((feed.ReceivedNs - FeedTime.Ns(doc.RootElement)) / 1e6);
            sim.Simulate(k, frame, truth);
            var t = truth.Single(x => x.Index == tool.i);
            if (!ObstacleMatching.MustSee(t))
            {
                continue;
            }

            owed++;
            var reported = doc.RootElement.GetProperty("obstacles").EnumerateArray().Select(o => new Obstacle(
                (float)o.GetProperty("rangeM").GetDouble(), (float)(o.GetProperty("bearingDeg").GetDouble() * Math.PI / 180), 0, 0, 0, 0));
            if (reported.Any(o => ObstacleMatching.Matches(o, t)))
            {
                found++;
            }
        }

        latencies.Sort();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"device: {device.FiresReceived} fires, {pingsBefore} pings sent before silence; feeds {feedsBefore}; steady rate {rate:F2} frames/s; lost tool owed in {owed} frames, found in {found}; ping → obstacle feed latency p50 {latencies[latencies.Count / 2]:F1} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F1} ms"));
        Assert.True(owed >= 40, $"the lost tool was owed in only {owed} frames");
        Assert.True(found >= 0.9 * owed, $"the lost tool was found in {found} of {owed} frames");
        // The status and metrics of a fired, then silent, sonar for the Foxglove audit of their schemas.
        TelemetryRecording.Write(seen.Where(s => s.Topic is "rov/rov1/status" or "rov/rov1/metrics").Select(s => (s.Topic, s.Payload)));
    }

    [Fact]
    public async Task Bridge_discovers_the_Oculus_from_its_status_broadcasts_and_carries_real_pings_at_10_frames_per_second()
    {
        var udp = OculusCaptures.FreeUdpPort();
        await using var device = SimulatedOculusDevice.FromCapture(OculusCaptures.Read(), new IPEndPoint(IPAddress.Loopback, udp), TimeSpan.FromMilliseconds(250));
        var (broker, watcher, seen) = await WatchAsync();
        await using var _ = broker;
        await using var __ = watcher;
        var raw = 0;
        broker.Server.InterceptingPublishAsync += e =>
        {
            if (e.ApplicationMessage.Topic == "rov/rov1/raw/multibeam/tank")
            {
                Interlocked.Increment(ref raw);
            }

            return Task.CompletedTask;
        };

        using var output = new StringWriter();
        using var error = new StringWriter();
        const int seconds = 12;
        var code = await BridgeCommand.RunAsync(
            ["--broker", $"mqtt://127.0.0.1:{broker.Port}", "--oculus-discover", udp.ToString(CultureInfo.InvariantCulture),
             "--oculus-tcp-port", device.EndPoint.Port.ToString(CultureInfo.InvariantCulture), "--oculus-sensor", "tank", "--oculus-range", "2",
             "--no-view", "--duration", seconds.ToString(CultureInfo.InvariantCulture)],
            output, error, new Dictionary<string, string?>());
        await Task.Delay(300);
        log.WriteLine(output.ToString());
        log.WriteLine(error.ToString());
        Assert.True(code == 0, error.ToString());

        var feeds = seen.Where(s => s.Topic == "rov/rov1/feed/obstacles/tank").ToList();
        var latencies = feeds.Select(f =>
        {
            using var doc = JsonDocument.Parse(f.Payload);
            return (f.ReceivedNs - FeedTime.Ns(doc.RootElement)) / 1e6;
        }).Order().ToList();
        var sent = device.PingsSent;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"256 × 703 real pings: sent {sent}, raw published {raw}, obstacle feeds {feeds.Count} ({feeds.Count / (double)(seconds - 1):F2}/s over the run less start-up), dropped {sent - feeds.Count}; ping → feed latency p50 {latencies[latencies.Count / 2]:F1} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F1} ms, max {latencies[^1]:F1} ms"));
        Assert.Contains(seen, s => HasOculusState(s, "connected"));
        Assert.Contains($"oculus 127.0.0.1:{device.EndPoint.Port}", output.ToString(), StringComparison.Ordinal);
        // 10 pings a second for the run less discovery and start-up, nearly all of them read and published by the driver
        // (a few may still be in the socket when the run stops, more on a machine shared with other jobs).
        Assert.True(sent >= 10 * (seconds - 3), $"only {sent} pings in {seconds} s");
        Assert.InRange(raw, (int)(0.8 * sent), (int)sent);
        // Every frame the driver published reached the bridge and was processed or dropped by the sensor's
        // drop-oldest queue, counted; each processed frame gave an obstacle feed.
        var summary = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"raw messages received (\d+), handled (\d+), dropped (\d+)");
        Assert.True(summary.Success, "no summary line");
        var received = int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture);
        var handled = int.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture);
        var dropped = int.Parse(summary.Groups[3].Value, CultureInfo.InvariantCulture);
        log.WriteLine($"bridge: received {received}, handled {handled}, dropped by the queue {dropped}");
        Assert.Equal(raw, received);
        Assert.InRange(handled + dropped, received - 1, received);
        Assert.InRange(feeds.Count, handled - 2, handled);
        Assert.DoesNotContain(seen, s => s.Topic == "rov/rov1/errors");
        // The status and metrics of a discovered sonar for the Foxglove audit of their schemas.
        TelemetryRecording.Write(seen.Where(s => s.Topic is "rov/rov1/status" or "rov/rov1/metrics").Select(s => (s.Topic, s.Payload)));
    }
}
