using System.Diagnostics;
using System.Globalization;
using RovDsp.Bridge.Cli;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Cli;

public class BridgeCommandMosquittoTests
{
    [MosquittoFact]
    public async Task Mosquitto_as_the_broker_and_mosquitto_sub_as_the_outside_watcher_see_the_pilot_feeds()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var sub = Process.Start(new ProcessStartInfo("/usr/bin/mosquitto_sub",
            ["-h", "127.0.0.1", "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-i", "outside", "-t", "rov/rov1/feed/+/+", "-v"])
        {
            RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        var lines = new List<string>();
        var reading = Task.Run(async () =>
        {
            while (await sub.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        await Task.Delay(500);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BridgeCommand.RunAsync(
            ["--broker", $"mqtt://127.0.0.1:{broker.Port}", "--simulate", "nominal", "--simulate-minutes", "0.2", "--speed", "20", "--no-view"],
            output, error, new Dictionary<string, string?>());
        await Task.Delay(500);
        sub.Kill();
        await reading;
        Assert.True(code == 0, error.ToString());
        lock (lines)
        {
            // 120 pings at 20x: the echosounder queue (8, drop-oldest) sheds some behind a loaded mosquitto, and more
            // since MqttLink's socket buffers stopped throttling bursts to 16 KB windows (a burst now reaches the queue
            // at once); the newest 8 of any burst are always processed. The point here is that an ordinary MQTT
            // client sees the feeds.
            var altitude = lines.Count(l => l.StartsWith("rov/rov1/feed/altitude/echo1 {", StringComparison.Ordinal));
            Assert.True(altitude >= 8, $"{altitude} altitude feeds in {lines.Count} feed lines");
            Assert.Contains(lines, l => l.StartsWith("rov/rov1/feed/slurry/line1 {", StringComparison.Ordinal));
        }
    }
}
