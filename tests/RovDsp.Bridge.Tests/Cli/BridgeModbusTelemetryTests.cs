using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Cli;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Replay.Devices;
using RovDsp.Replay.Simulation;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Cli;

/// <summary>
/// The Modbus link as the bridge reports it, end to end against the pymodbus PLC: <c>rovdsp-bridge --modbus</c> with
/// its embedded broker, an outside subscriber on status, metrics and the slurry feed. The PLC refuses the flow meter's
/// registers (exception 2), then dies, then comes back on the same port.
/// </summary>
public sealed class BridgeModbusTelemetryTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-modbus-telemetry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The last message on topic meeting the condition among those after the first `after`.
    private static async Task<JsonElement> WaitFor(ConcurrentQueue<(string Topic, JsonElement Json)> messages, string topic,
        Func<JsonElement, bool> condition, string what, TimeSpan within, int after = 0)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (messages.Skip(after).LastOrDefault(m => m.Topic == topic && condition(m.Json)) is { Topic: not null } found)
            {
                return found.Json;
            }

            await Task.Delay(100);
        }

        var last = messages.LastOrDefault(m => m.Topic == topic);
        throw new Xunit.Sdk.XunitException($"no {topic} message with {what} within {within.TotalSeconds} s; last: {(last.Topic is null ? "none" : last.Json.GetRawText())}");
    }

    // The eight slurry sensor kinds as docs/topics.md names them in a feed's `faults`.
    private static readonly string[] AllKinds =
        ["flowVelocity", "densityGamma", "densityUltrasonic", "pressureBottom", "pressureTop", "differentialPressure", "pumpSpeed", "pumpCurrent"];

    private static readonly string[] OtherKinds = AllKinds[1..];

    private static string[] Faults(JsonElement feed, string kind) =>
        [.. feed.GetProperty("faults").GetProperty(kind).EnumerateArray().Select(f => f.GetString()!)];

    private static JsonElement Modbus(JsonElement message) => message.GetProperty("hardware").GetProperty("modbus");

    private static bool HasModbus(JsonElement message, string state) =>
        message.TryGetProperty("hardware", out var h) && h.TryGetProperty("modbus", out var m) && m.GetProperty("state").GetString() == state;

    [ModbusFact]
    public async Task Status_and_metrics_carry_the_Modbus_link_and_a_refused_flow_register_is_a_fault_never_zero_flow()
    {
        var rows = SlurryPlcTable.Rows(ScenarioKind.Nominal, 3, TimeSpan.FromSeconds(70)).Where(r => r.T >= 60).ToList();
        var csv = Path.Combine(_dir, "values.csv");
        SlurryPlcTable.Write(csv, rows);
        // The flow meter moved to registers 10–11 of a PLC that maps 0–10 only: every read of it is refused with
        // exception 2 (illegal data address) while the other seven sensors read fine.
        var shipped = File.ReadAllText(Path.Combine(RepoFiles.Root, "docs", "slurry-register-map.json"));
        var json = shipped.Replace("\"address\": 0, \"type\": \"float32\",\n      \"wordOrder\": \"big\", \"byteOrder\": \"big\"",
            "\"address\": 10, \"type\": \"float32\",\n      \"wordOrder\": \"big\", \"byteOrder\": \"big\"", StringComparison.Ordinal);
        Assert.NotEqual(shipped, json);
        var map = Path.Combine(_dir, "map.json");
        File.WriteAllText(map, json);
        ModbusPeers? plc = await ModbusPeers.StartAsync(map, csv, "--size", "11");
        var plcPort = plc.Port;
        var device = $"modbus://127.0.0.1:{plcPort}";

        var port = EmbeddedBroker.FreePort(IPAddress.Loopback);
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var bridge = BridgeCommand.RunAsync(
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--no-http", "--modbus", $"127.0.0.1:{plcPort}", "--register-map", map,
             "--no-view", "--duration", "60"],
            output, error, new Dictionary<string, string?>(), stop.Token);
        var messages = new ConcurrentQueue<(string Topic, JsonElement Json)>();
        await using var watcher = new MqttLink(
            new MqttLinkOptions
            {
                Endpoint = new BrokerEndpoint("127.0.0.1", port, false), ClientId = "outside",
                Subscriptions = [("rov/rov1/status", 1), ("rov/rov1/metrics", 0), ("rov/rov1/feed/slurry/#", 0)],
            },
            e =>
            {
                using var doc = JsonDocument.Parse(e.ApplicationMessage.Payload);
                messages.Enqueue((e.ApplicationMessage.Topic, doc.RootElement.Clone()));
                return Task.CompletedTask;
            });
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await watcher.StartAsync(TimeSpan.FromSeconds(2));
                    break;
                }
                catch (Exception) when (attempt < 20 && !bridge.IsCompleted)
                {
                    await Task.Delay(250); // the bridge's broker is not listening yet
                }
            }

            // Connected: the PLC answers, exceptions included; they are counted by code in metrics.
            var status = await WaitFor(messages, "rov/rov1/status", m => HasModbus(m, "connected"), "modbus connected", TimeSpan.FromSeconds(15));
            Assert.Equal(device, Modbus(status).GetProperty("device").GetString());
            Assert.False(Modbus(status).TryGetProperty("reason", out _));
            var metrics = await WaitFor(messages, "rov/rov1/metrics",
                m => HasModbus(m, "connected") && Modbus(m).GetProperty("responses").GetInt64() >= 20, "20 responses", TimeSpan.FromSeconds(15));
            var modbus = Modbus(metrics);
            log.WriteLine("metrics while connected: " + modbus.GetRawText());
            var exceptions = modbus.GetProperty("exceptions");
            // Counted by code, named as the Modbus specification names it.
            var illegalAddress = exceptions.GetProperty("byCode").EnumerateArray().Single();
            Assert.Equal((2, "illegal data address"), (illegalAddress.GetProperty("code").GetInt32(), illegalAddress.GetProperty("name").GetString()));
            Assert.True(illegalAddress.GetProperty("count").GetInt64() >= 1);
            Assert.Equal(exceptions.GetProperty("total").GetInt64(), illegalAddress.GetProperty("count").GetInt64());
            // Every request answered, one way or the other (one may be in flight).
            Assert.InRange(modbus.GetProperty("requests").GetInt64() - modbus.GetProperty("responses").GetInt64() - exceptions.GetProperty("total").GetInt64(), 0, 1);
            Assert.Equal(1, modbus.GetProperty("splits").GetInt64());
            Assert.Equal(7, modbus.GetProperty("requestsPerCycle").GetInt64());
            Assert.Equal((0L, 0L, 0L, 0L, 0L), (modbus.GetProperty("timeouts").GetInt64(), modbus.GetProperty("wrongTransactionIds").GetInt64(),
                modbus.GetProperty("shortFrames").GetInt64(), modbus.GetProperty("badFrames").GetInt64(), modbus.GetProperty("reconnects").GetInt64()));
            Assert.InRange(modbus.GetProperty("roundTripUs").GetProperty("last").GetInt64(), 1, 1_000_000);
            Assert.InRange(modbus.GetProperty("roundTripUs").GetProperty("p99").GetInt64(), 1, 1_000_000);
            Assert.Contains("exception 2", modbus.GetProperty("lastError").GetString(), StringComparison.Ordinal);

            // The refused flow meter is a fault in the feed (NotFinite, 16, in its kind's byte: kind 0), and the flow
            // is unknown (null), never 0; the sensors that read fine are not flagged NotFinite.
            // (The first cycle's grouped read was refused too, so at first all six unit-1 sensors are flagged; the others
            // clear after their good readings.)
            var feed = await WaitFor(messages, "rov/rov1/feed/slurry/line1", m => Faults(m, "flowVelocity").SequenceEqual(["notFinite"])
                && OtherKinds.All(k => !Faults(m, k).Contains("notFinite")),
                "only the flow meter's NotFinite fault", TimeSpan.FromSeconds(15));
            log.WriteLine("feed with the flow register refused: " + feed.GetRawText());
            // An unknown flow is left out of the feed (never written as a number, and a field has one type).
            Assert.False(feed.TryGetProperty("velocityMps", out _));
            Assert.False(feed.TryGetProperty("flowM3h", out _));
            Assert.False(feed.TryGetProperty("drySolidsTph", out _));
            Assert.Equal(0, feed.GetProperty("dryTonnesToday").GetDouble()); // nothing counted without a flow
            Assert.InRange(feed.GetProperty("ageUs").GetInt64(), 0, 1_000_000);
            Assert.DoesNotContain(messages, m => m.Topic == "rov/rov1/feed/slurry/line1" && m.Json.TryGetProperty("velocityMps", out var v)
                && v.GetDouble() == 0);

            // The PLC dies: the link is lost, with the reason, in the retained status and in metrics.
            await plc.DisposeAsync();
            plc = null;
            status = await WaitFor(messages, "rov/rov1/status", m => HasModbus(m, "lost"), "modbus lost", TimeSpan.FromSeconds(10));
            log.WriteLine("status with the PLC gone: " + status.GetRawText());
            Assert.Equal("online", status.GetProperty("state").GetString());
            Assert.Contains(device, Modbus(status).GetProperty("reason").GetString(), StringComparison.Ordinal);
            metrics = await WaitFor(messages, "rov/rov1/metrics", m => HasModbus(m, "lost"), "modbus lost", TimeSpan.FromSeconds(10));
            Assert.True(Modbus(metrics).GetProperty("disconnects").GetInt64() >= 1);
            // Every sensor's reading is now faulty: all eight kinds flagged NotFinite, none read as 0.
            feed = await WaitFor(messages, "rov/rov1/feed/slurry/line1",
                m => AllKinds.All(k => Faults(m, k).Contains("notFinite")), "all eight sensors faulty", TimeSpan.FromSeconds(10));
            Assert.False(feed.TryGetProperty("velocityMps", out _));

            // It comes back on the same port: connected again after a reconnect (back-off at most 5 s).
            var seen = messages.Count;
            plc = await ModbusPeers.StartOnAsync(plcPort, map, csv, "--size", "11");
            status = await WaitFor(messages, "rov/rov1/status", m => HasModbus(m, "connected"), "modbus connected again", TimeSpan.FromSeconds(15), seen);
            Assert.False(Modbus(status).TryGetProperty("reason", out _));
            metrics = await WaitFor(messages, "rov/rov1/metrics", m => HasModbus(m, "connected") && Modbus(m).GetProperty("reconnects").GetInt64() >= 1,
                "a reconnect", TimeSpan.FromSeconds(10), seen);
            log.WriteLine("metrics after the PLC came back: " + Modbus(metrics).GetRawText());
            Assert.True(bridge.IsCompleted is false, error.ToString());
            // Every status and metrics shape of this run (connected, lost, back) for the Foxglove audit of the schemas.
            TelemetryRecording.Write(messages.Select(m => (m.Topic, System.Text.Encoding.UTF8.GetBytes(m.Json.GetRawText()))));
        }
        finally
        {
            await stop.CancelAsync();
            var code = await bridge;
            if (plc is not null)
            {
                await plc.DisposeAsync();
            }

            log.WriteLine(output.ToString());
            log.WriteLine(error.ToString());
            Assert.True(code == 0, error.ToString());
        }
    }
}
