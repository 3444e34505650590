using System.Diagnostics;
using System.Globalization;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Replay.Tests.Recording;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Cli;

/// <summary><c>play</c> against a real broker (mosquitto), counted by a real subscriber (mosquitto_sub).</summary>
public sealed class PlayMosquittoTests(ITestOutputHelper output)
{
    [MosquittoFact]
    public async Task Play_to_mosquitto_delivers_every_raw_message_of_the_window_to_mosquitto_sub()
    {
        const double From = 40, To = 43;
        var expected = PlayRecordRoundTripTests.RawMessages(ShippedRecordings.PathOf("obstacle.mcap"), From, To);
        await using var broker = await MosquittoBroker.StartAsync();
        // Topic only, one line per message (payloads are binary). -C: exit after that many messages.
        var start = broker.Client("mosquitto_sub", "-V", "mqttv5", "-t", "rov/#", "-F", "%t",
            "-C", expected.Count.ToString(CultureInfo.InvariantCulture), "-W", "60");
        using var sub = Process.Start(start)!;
        var lines = sub.StandardOutput.ReadToEndAsync();
        // mosquitto_sub prints nothing when subscribed; give it a moment (it subscribes within milliseconds).
        await Task.Delay(1000);

        var play = await CliRun.RunAsync(TimeSpan.FromSeconds(60), "play", ShippedRecordings.PathOf("obstacle.mcap"),
            "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--from", "40", "--to", "43", "--speed", "max");
        output.WriteLine(play.Output);
        Assert.True(play.ExitCode == 0, play.Error);

        await sub.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var topics = (await lines).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, sub.ExitCode);
        Assert.Equal(expected.Count, topics.Length);
        var want = expected.GroupBy(m => m.Topic).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var got = topics.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(want.OrderBy(p => p.Key, StringComparer.Ordinal), got.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
