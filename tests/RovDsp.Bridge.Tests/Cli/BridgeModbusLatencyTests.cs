using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Cli;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Replay.Devices;
using RovDsp.Replay.Simulation;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Cli;

/// <summary>
/// Issue 18's rate and latency figure: 8 sensors at 10 Hz each through one Modbus TCP connection to the pymodbus PLC,
/// the bridge as deployed (its embedded broker, working in process), and per reading the time from its register
/// read's response to its slurry feed at an outside MQTT subscriber (mosquitto_sub), beside pymodbus's own client round trip against
/// the same PLC at the same moment (paced as a poller is, so it loads the PLC as much as the bridge's second request).
/// </summary>
public sealed class BridgeModbusLatencyTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-modbus-latency-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static long NowNs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    [ModbusFact]
    public async Task Eight_sensors_at_10_Hz_reach_the_slurry_feed_within_20_ms_p99_beside_pymodbus_own_round_trip()
    {
        const int seconds = 20;
        var rows = SlurryPlcTable.Rows(ScenarioKind.Nominal, 10, TimeSpan.FromSeconds(60 + seconds + 10)).Where(r => r.T >= 60).ToList();
        var csv = Path.Combine(_dir, "values.csv");
        SlurryPlcTable.Write(csv, rows);
        var shipped = File.ReadAllText(Path.Combine(RepoFiles.Root, "docs", "slurry-register-map.json"));
        var map = Path.Combine(_dir, "map-10hz.json");
        File.WriteAllText(map, shipped.Replace("\"pollHz\": 20", "\"pollHz\": 10", StringComparison.Ordinal));
        Assert.Equal(8, File.ReadAllText(map).Split("\"pollHz\": 10").Length - 1);
        await using var plc = await ModbusPeers.StartAsync(map, csv);

        var port = EmbeddedBroker.FreePort(IPAddress.Loopback);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var bridge = BridgeCommand.RunAsync(
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--no-http", "--modbus", $"127.0.0.1:{plc.Port}", "--register-map", map,
             "--no-view", "--duration", (seconds + 4).ToString(CultureInfo.InvariantCulture)],
            output, error, new Dictionary<string, string?>());
        // The outside subscriber is mosquitto_sub, a process of its own: %U is when it received each message (ns), %x
        // the payload in hex (the raw samples are binary).
        var feeds = new ConcurrentQueue<(long ArrivedNs, byte[] Payload)>();
        var raws = new ConcurrentQueue<(long ArrivedNs, byte[] Payload)>();
        void OnLine(string line)
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || !parts[1].StartsWith("rov/", StringComparison.Ordinal))
            {
                return; // the -d trace's "Received PUBLISH …" lines
            }

            var seconds = parts[0].Split('.');
            var arrived = long.Parse(seconds[0], CultureInfo.InvariantCulture) * 1_000_000_000L + long.Parse(seconds[1], CultureInfo.InvariantCulture);
            (parts[1].Contains("/raw/", StringComparison.Ordinal) ? raws : feeds).Enqueue((arrived, Convert.FromHexString(parts[2])));
        }

        MosquittoSubscriberProcess? watcher = null;
        for (var attempt = 0; watcher is null; attempt++)
        {
            var candidate = MosquittoSubscriberProcess.Start("127.0.0.1", port,
                ["-i", "latency-watcher", "-V", "mqttv5", "-t", "rov/rov1/feed/slurry/line1", "-t", "rov/rov1/raw/slurry/line1", "-F", "%U %t %x"], OnLine);
            try
            {
                await candidate.Subscribed.WaitAsync(TimeSpan.FromSeconds(5));
                watcher = candidate;
            }
            catch (Exception) when (attempt < 20 && !bridge.IsCompleted)
            {
                await candidate.DisposeAsync(); // the bridge's broker is not listening yet
                await Task.Delay(250);
            }
        }

        await using var _ = watcher;
        // pymodbus's own client, paced at 20 reads a second (the bridge's two requests a cycle at 10 Hz), for the
        // run's steady part.
        await Task.Delay(3000);
        var (rttCode, rttOutput) = await ModbusPeers.RunAsync("/usr/bin/python3", Path.Combine(RepoFiles.Root, "scripts", "modbus-rtt.py"),
            "--port", plc.Port.ToString(CultureInfo.InvariantCulture), "--count", (20 * (seconds - 6)).ToString(CultureInfo.InvariantCulture),
            "--registers", "10", "--interval-ms", "50");
        var code = await bridge;
        await watcher.DisposeAsync();
        log.WriteLine(output.ToString());
        log.WriteLine(error.ToString());
        log.WriteLine(rttOutput);
        Assert.True(code == 0, error.ToString());
        Assert.True(rttCode == 0, rttOutput);
        var rtt = System.Text.RegularExpressions.Regex.Match(rttOutput, @"p50 (\d+) us p99 (\d+) us");
        Assert.True(rtt.Success, rttOutput);
        var pymodbusP99Ms = double.Parse(rtt.Groups[2].Value, CultureInfo.InvariantCulture) / 1000;

        var start = feeds.First().ArrivedNs + 3_000_000_000L;
        var endToEnd = new List<double>();
        var ages = new List<double>();
        foreach (var (arrived, payload) in feeds.Where(f => f.ArrivedNs >= start))
        {
            using var doc = JsonDocument.Parse(payload);
            endToEnd.Add((arrived - FeedTime.Ns(doc.RootElement)) / 1e6);
            ages.Add(doc.RootElement.GetProperty("ageUs").GetInt64() / 1e3);
        }

        var faulted = feeds.Select(f => JsonDocument.Parse(f.Payload).RootElement.GetProperty("faultyKinds").GetInt32()).Where(f => f != 0).ToList();
        log.WriteLine($"feeds with a fault flagged: {faulted.Count} of {feeds.Count} ({string.Join(", ", faulted.Distinct().Select(f => f.ToString("X", CultureInfo.InvariantCulture)))})");
        var rawHop = new List<double>();
        foreach (var (arrived, payload) in raws.Where(f => f.ArrivedNs >= start))
        {
            Assert.Equal(Dsp.Wire.WireError.None, Dsp.Wire.SlurrySampleCodec.TryDecode(payload, out var sample));
            rawHop.Add((arrived - sample.Stamp.TimestampNs) / 1e6);
        }

        endToEnd.Sort();
        ages.Sort();
        rawHop.Sort();
        string Row(string what, List<double> v) => string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {v.Count} | {Percentile(v, 50):F2} | {Percentile(v, 99):F2} | {v[^1]:F2} |");
        log.WriteLine("| ms | n | p50 | p99 | max |");
        log.WriteLine(Row("response → raw message at mosquitto_sub", rawHop));
        log.WriteLine(Row("response → feed handed to the broker (the feed's ageUs)", ages));
        log.WriteLine(Row("response → slurry feed at mosquitto_sub", endToEnd));
        log.WriteLine($"pymodbus's own round trip p99 {pymodbusP99Ms:F2} ms");

        // The feed goes out at most 10 times a second of message time; a cycle that comes a little under 100 ms after
        // the last published one waits for the next, so 5–10 a second.
        Assert.True(endToEnd.Count >= 5 * (seconds - 6), $"only {endToEnd.Count} feeds");
        Assert.True(rawHop.Count >= 60 * (seconds - 6), $"only {rawHop.Count} readings"); // 80 a second, less the cycles a stalled machine loses
        Assert.True(endToEnd[0] >= 0, "a feed arrived before its reading's stamp: the stamp is not the response's arrival");
        // The issue's floor is 20 ms on loopback. The machine running the tests is shared, so what gates is the
        // floor plus what the same machine did to pymodbus's own client at the same moment (its p99 above its
        // own quiet figure of well under 1 ms is time the scheduler took from everyone).
        var p99 = Percentile(endToEnd, 99);
        Assert.True(p99 < 20 + 2 * pymodbusP99Ms, $"response → feed p99 {p99:F2} ms; pymodbus's own round trip p99 {pymodbusP99Ms:F2} ms");
    }
}
