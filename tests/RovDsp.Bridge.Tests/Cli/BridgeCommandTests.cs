using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Cli;
using RovDsp.Bridge.Connection;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Cli;

public class BridgeCommandTests(ITestOutputHelper log)
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private static async Task<(int Code, string Output, string Error)> Run(string[] args, IDictionary<string, string?>? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // No web console unless a test asks for one: its default port is fixed (8080), and tests run in parallel.
        if (!args.Contains("--http") && !args.Contains("--no-http"))
        {
            args = [.. args, "--no-http"];
        }

        var code = await BridgeCommand.RunAsync(args, output, error, environment ?? NoEnvironment);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("broker", "--broker", "http://localhost:1883")]
    [InlineData("broker", "--broker", "mqtt://user:secret@localhost:1883")]
    [InlineData("port", "--port", "70000")]
    [InlineData("vehicle", "--vehicle", "rov/1")]
    [InlineData("speed", "--speed", "1000")]
    [InlineData("replay", "--replay", "/nonexistent/dive.mcap")]
    [InlineData("simulate", "--simulate", "volcano")]
    [InlineData("ping-udp", "--ping-udp", "not-an-address")]
    [InlineData("duration", "--duration", "-3")]
    [InlineData("config", "--config", "/nonexistent/bridge.json")]
    [InlineData("http", "--http", "localhost")]
    [InlineData("http", "--http", "0.0.0.0:0")]
    [InlineData("broker-ws", "--broker-ws", "ws://127.0.0.1:9001/")]
    [InlineData("image-rate", "--image-rate", "0")]
    [InlineData("checkpoint-interval", "--checkpoint-interval", "1")]
    [InlineData("state-dir", "--state-dir", " ")]
    public async Task Bad_settings_exit_2_naming_the_setting_before_connecting(string setting, string option, string value)
    {
        var (code, output, error) = await Run([option, value]);
        Assert.Equal(BridgeCommand.ConfigurationExitCode, code);
        Assert.Contains($"setting '{setting}'", error, StringComparison.Ordinal);
        // Nothing started: the first line a run prints names the broker it started or joined.
        Assert.DoesNotContain("broker on", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_without_a_user_from_the_environment_or_a_config_file_is_refused()
    {
        var (code, _, error) = await Run(["--port", "0"], new Dictionary<string, string?> { ["ROVDSP_MQTT_PASSWORD"] = "pw" });
        Assert.Equal(2, code);
        Assert.Contains("setting 'username'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error.Replace("password", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var file = Path.Combine(Path.GetTempPath(), $"rovdsp-bridge-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "Bridge": { "Port": "99999" } }""");
        try
        {
            (code, _, error) = await Run(["--config", file]);
            Assert.Equal(2, code);
            Assert.Contains("setting 'port'", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Simulated_dive_replays_through_an_external_broker_and_an_outside_subscriber_sees_the_feeds()
    {
        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var seen = new ConcurrentDictionary<string, int>();
        var watcher = new MqttLink(
            new MqttLinkOptions
            {
                Endpoint = new BrokerEndpoint("127.0.0.1", broker.Port, false), ClientId = "outside",
                Subscriptions = [("rov/rov1/feed/#", 0), ("rov/rov1/raw/#", 0)],
            },
            e =>
            {
                var topic = e.ApplicationMessage.Topic;
                seen.AddOrUpdate(topic[..topic.LastIndexOf('/')], 1, (_, n) => n + 1);
                return Task.CompletedTask;
            });
        await watcher.StartAsync(TimeSpan.FromSeconds(10));
        try
        {
            var (code, output, error) = await Run(["--broker", $"mqtt://127.0.0.1:{broker.Port}", "--simulate", "nominal",
                "--simulate-minutes", "0.2", "--speed", "20", "--no-view"]);
            log.WriteLine(output);
            log.WriteLine(error);
            Assert.Equal(0, code);
            var played = long.Parse(Regex.Match(output, @"player: (\d+) messages").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var received = long.Parse(Regex.Match(output, @"raw messages received (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            // 12 s of dive: 120 echosounder pings plus the slurry line's samples.
            Assert.True(played > 1000, $"only {played} messages played");
            Assert.Equal(played, received);
            // At 20x speed the player sends in bursts (its lateness reaches ~0.2 s on a loaded machine) and, since
            // MqttLink's socket buffers no longer throttle the transfer to 16 KB windows, a burst reaches the bridge
            // at once: the echosounder's drop-oldest queue of 8 may drop pings (the designed behaviour; slurry never
            // drops). Every ping not dropped gives exactly one altitude feed.
            var dropped = long.Parse(Regex.Match(output, @"handled \d+, dropped (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(dropped <= 60, $"{dropped} of 120 pings dropped");
            Assert.Contains("input errors 0", output, StringComparison.Ordinal);
            Assert.Equal(played, seen.GetValueOrDefault("rov/rov1/raw/echosounder") + seen.GetValueOrDefault("rov/rov1/raw/slurry"));
            var pings = seen.GetValueOrDefault("rov/rov1/raw/echosounder");
            // The last feeds may still be on their way to the watcher (it also takes every raw message): wait for them.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while ((seen.GetValueOrDefault("rov/rov1/feed/altitude") < pings - dropped || seen.GetValueOrDefault("rov/rov1/feed/slurry") < 10)
                   && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.True(seen.GetValueOrDefault("rov/rov1/feed/altitude") == pings - dropped,
                $"altitude feeds != pings - dropped ({pings} - {dropped}): {string.Join(", ", seen.Select(kv => kv.Key + "=" + kv.Value))}");
            Assert.True(seen.GetValueOrDefault("rov/rov1/feed/slurry") >= 10, "slurry feed missing");
        }
        finally
        {
            await watcher.DisposeAsync();
        }
    }
}
