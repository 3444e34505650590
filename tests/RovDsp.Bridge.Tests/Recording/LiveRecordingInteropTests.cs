using System.Globalization;
using MQTTnet;
using MQTTnet.Protocol;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Replay.Cli;
using RovDsp.Replay.Tests.Mcap;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Recording;

/// <summary>
/// An engineer records a live dive with <c>rovdsp-replay record --feeds</c> while the bridge runs, then opens the file in
/// Foxglove: every JSON channel (feeds, alarms, the bridge's status, metrics and a pilot's acknowledgement) has its
/// complete schema, every message validates against it, and the images are <c>foxglove.CompressedImage</c>; checked by
/// tests/mcap-interop/foxglove-check.mjs, the viewers' rules, on the real rovdsp-bridge's real output.
/// </summary>
public sealed class LiveRecordingInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-live-record-").FullName;
    private readonly ITestOutputHelper _output;

    public LiveRecordingInteropTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [NodeFact]
    public async Task A_live_recording_of_the_bridge_opens_in_the_viewers_with_every_channel_described()
    {
        Assert.True(McapInterop.Unavailable is null, McapInterop.Unavailable);
        await using var bridge = BridgeProcess.Start("obstacle.mcap");
        await bridge.WaitForOutputAsync("embedded broker on", TimeSpan.FromSeconds(30));
        var path = Path.Combine(_dir, "live.mcap");
        var broker = $"mqtt://127.0.0.1:{bridge.Port.ToString(CultureInfo.InvariantCulture)}";
        var output = new StringWriter();
        var error = new StringWriter();
        var record = ReplayCli.RunAsync(["record", "--broker", broker, "--feeds", "-o", path, "--duration", "8s"], output, error);

        // A pilot acknowledges the obstacle alarm halfway: the acknowledgement is recorded on alarms/ack.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await using (var pilot = new MqttLink(new MqttLinkOptions { Endpoint = BrokerEndpoint.Parse(broker), ClientId = "pilot" }))
        {
            await pilot.StartAsync(TimeSpan.FromSeconds(30));
            await pilot.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("rov/rov1/alarms/ack")
                .WithPayload("""{"alarm":"Obstacle in corridor"}""").WithContentType("application/json")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        var code = await record;
        _output.WriteLine(output.ToString());
        Assert.True(code == 0, $"record exit code {code}: {error}\n{bridge.Output}");

        var file = McapInterop.RunJson("foxglove-check.mjs", path).GetProperty("files")[0];
        var channels = file.GetProperty("channels").EnumerateArray().ToDictionary(
            c => c.GetProperty("topic").GetString()!, c => (Schema: c.GetProperty("schemaName").GetString()!, Messages: c.GetProperty("messages").GetInt32()));
        foreach (var (topic, (schema, messages)) in channels.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            _output.WriteLine($"{topic} [{schema}] {messages} messages");
        }

        var problems = file.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal("rovdsp.Status", channels["rov/rov1/status"].Schema);
        Assert.Equal("rovdsp.Metrics", channels["rov/rov1/metrics"].Schema);
        Assert.InRange(channels["rov/rov1/metrics"].Messages, 5, 12);
        Assert.Equal("rovdsp.alarms.Ack", channels["rov/rov1/alarms/ack"].Schema);
        Assert.Equal("rovdsp.alarms.Active", channels["rov/rov1/alarms/active"].Schema);
        Assert.Equal("rovdsp.feed.Altitude", channels["rov/rov1/feed/altitude/echo1"].Schema);
        Assert.Equal("rovdsp.feed.Slurry", channels["rov/rov1/feed/slurry/line1"].Schema);
        Assert.Equal("foxglove.CompressedImage", channels["rov/rov1/feed/fan/multibeam1"].Schema);
        Assert.True(channels["rov/rov1/feed/fan/multibeam1"].Messages > 0);
        Assert.DoesNotContain(channels, c => c.Value.Schema.Length == 0 && !c.Key.Contains("/raw/", StringComparison.Ordinal));
    }
}
