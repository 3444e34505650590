using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Cli;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Replay.Devices;
using RovDsp.Replay.Simulation;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Cli;

/// <summary>
/// <c>rovdsp-bridge --modbus --register-map</c> end to end: the dive simulator's slurry values served by the pymodbus
/// PLC under the shipped map, the bridge command run in-process against a broker, an outside subscriber on the
/// slurry feed. It measures the figures the issue asks for: the latency from a reading's response to the feed it
/// causes, and pymodbus's own client round trip against the same PLC in the same run.
/// </summary>
public sealed class BridgeModbusTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-modbus-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static long NowNs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    [ModbusFact]
    public async Task Bridge_command_polls_the_pymodbus_PLC_and_publishes_the_slurry_feed_from_its_readings()
    {
        // From a minute into the dive: the lift pump is up to speed and the line flows.
        var rows = SlurryPlcTable.Rows(ScenarioKind.Nominal, 5, TimeSpan.FromSeconds(100)).Where(r => r.T >= 60).ToList();
        var csv = Path.Combine(_dir, "values.csv");
        SlurryPlcTable.Write(csv, rows);
        var map = Path.Combine(RepoFiles.Root, "docs", "slurry-register-map.json");
        await using var plc = await ModbusPeers.StartAsync(map, csv);
        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var feeds = new ConcurrentQueue<(long ArrivedNs, string Topic, byte[] Payload)>();
        await using var watcher = new MqttLink(
            new MqttLinkOptions
            {
                Endpoint = new BrokerEndpoint("127.0.0.1", broker.Port, false), ClientId = "outside",
                Subscriptions = [("rov/rov1/feed/slurry/#", 0), ("rov/rov1/errors", 0)],
            },
            e =>
            {
                feeds.Enqueue((NowNs(), e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload)));
                return Task.CompletedTask;
            });
        await watcher.StartAsync(TimeSpan.FromSeconds(10));

        using var output = new StringWriter();
        using var error = new StringWriter();
        var bridge = BridgeCommand.RunAsync(
            ["--broker", $"mqtt://127.0.0.1:{broker.Port}", "--modbus", $"127.0.0.1:{plc.Port}", "--register-map", map, "--no-view", "--duration", "10"],
            output, error, new Dictionary<string, string?>());
        // pymodbus's own client against the same PLC while the bridge polls it: the same 10-register read as the
        // bridge's larger request.
        await Task.Delay(3000);
        var (rttCode, rttOutput) = await ModbusPeers.RunAsync("/usr/bin/python3", Path.Combine(RepoFiles.Root, "scripts", "modbus-rtt.py"),
            "--port", plc.Port.ToString(CultureInfo.InvariantCulture), "--count", "400", "--registers", "10");
        var code = await bridge;
        await Task.Delay(300);
        log.WriteLine(output.ToString());
        log.WriteLine(error.ToString());
        log.WriteLine(rttOutput);
        Assert.True(code == 0, error.ToString());
        Assert.True(rttCode == 0, rttOutput);

        var summary = Regex.Match(output.ToString(),
            @"modbus modbus://127\.0\.0\.1:\d+: link up, (\d+) requests a cycle, (\d+) polls, (\d+) readings, (\d+) faulty readings, (\d+) dropped on the way to the broker; exceptions (\d+), timeouts (\d+), wrong transaction ids (\d+), short frames (\d+), bad frames (\d+), connects \d+, disconnects \d+, overruns (\d+)");
        Assert.True(summary.Success, "no modbus summary line");
        long G(int i) => long.Parse(summary.Groups[i].Value, CultureInfo.InvariantCulture);
        Assert.Equal(2, G(1));
        // 8 sensors at 20 Hz in 2 requests for ~10 s: 400 polls, 1,600 readings (a loaded machine may lose a few cycles).
        Assert.InRange(G(2), 300, 420);
        // 6 readings in one request, 2 in the other: readings - 4 × polls = 2 × (polls of the first - polls of the second)
        // less the readings of a poll still in flight when the run stops (counted as a poll, not yet read): within 4 of
        // it when the two alternate, and 2 more for each overrun (a group that falls a period behind on a loaded machine
        // drops the cycles it missed; a fresh-clone CI run had 3 overruns and the second group 3 polls behind).
        var overruns = G(11);
        Assert.InRange(G(3), 4 * G(2) - 4 - 2 * overruns, 4 * G(2) + 4 + 2 * overruns);
        // Nothing dropped, no exception, no short or bad frame. A request pymodbus answers later than the map's timeout is
        // the one error a loaded machine may cause (a fresh-clone CI run saw one): it must then explain everything else,
        // its late answer discarded by transaction id and at most its request's 6 readings faulty.
        Assert.Equal((0L, 0L, 0L, 0L), (G(5), G(6), G(9), G(10)));
        var timeouts = G(7);
        Assert.InRange(timeouts, 0, 2);
        Assert.InRange(G(8), 0, timeouts);
        Assert.InRange(G(4), 0, 6 * timeouts);

        Assert.DoesNotContain(feeds, f => f.Topic == "rov/rov1/errors");
        var slurry = feeds.Where(f => f.Topic == "rov/rov1/feed/slurry/line1").ToList();
        Assert.True(slurry.Count >= 50, $"only {slurry.Count} slurry feed messages");
        var latencies = new List<double>();
        var flows = rows.Select(r => (double)r.Values[0]).ToList();
        JsonElement last = default;
        var warm = slurry[0].ArrivedNs + 2_000_000_000L;
        foreach (var (arrived, _, payload) in slurry)
        {
            using var doc = JsonDocument.Parse(payload);
            last = doc.RootElement.Clone();
            if (arrived >= warm)
            {
                // After the first 2 s: the start (JIT, connections) is not the steady state the figure is about.
                latencies.Add((arrived - FeedTime.Ns(last)) / 1e6);
            }
        }

        latencies.Sort();
        double P(double p) => latencies[Math.Clamp((int)Math.Ceiling(p / 100 * latencies.Count) - 1, 0, latencies.Count - 1)];
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"response → slurry feed at an outside subscriber, {latencies.Count} feeds: p50 {P(50):F2} ms, p99 {P(99):F2} ms, max {latencies[^1]:F2} ms"));
        log.WriteLine("last feed: " + last.GetRawText());
        // The issue's floor is 20 ms on an idle loopback; this machine is shared, so the test holds a looser bound
        // and the figure is in the log.
        Assert.True(P(99) < 100, $"p99 {P(99):F2} ms");
        Assert.True(latencies[0] >= 0, "a feed stamped after it arrived: the stamp is not the response's arrival");
        var velocity = last.GetProperty("velocityMps").GetDouble();
        Assert.InRange(velocity, flows.Min() - 0.05, flows.Max() + 0.05);
        Assert.True(velocity > 0.5, $"velocity {velocity}: the simulated line is flowing");
    }
}
