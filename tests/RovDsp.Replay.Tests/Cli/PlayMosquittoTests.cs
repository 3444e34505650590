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
        // Topic only, one line per message (payloads are binary). -C: exit after that many messages. Started before
        // play and waited on until its SUBACK (MosquittoSubscriberProcess), not for a guessed time.
        var received = new List<string>();
        await using var sub = MosquittoSubscriberProcess.Start("127.0.0.1", broker.Port,
            ["-V", "mqttv5", "-t", "rov/#", "-F", "%t", "-C", expected.Count.ToString(CultureInfo.InvariantCulture), "-W", "60"],
            line =>
            {
                if (line.StartsWith("rov/", StringComparison.Ordinal))
                {
                    received.Add(line);
                }
            });
        await sub.Subscribed.WaitAsync(TimeSpan.FromSeconds(30));

        // 10x rather than max: QoS 0 end to end, and a burst of 1,100 messages in a few milliseconds into a broker
        // on a machine busy with the rest of the suite is a test of the machine, not of play.
        var play = await CliRun.RunAsync(TimeSpan.FromSeconds(60), "play", ShippedRecordings.PathOf("obstacle.mcap"),
            "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--from", "40", "--to", "43", "--speed", "10");
        output.WriteLine(play.Output);
        Assert.True(play.ExitCode == 0, play.Error);

        await sub.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var topics = received;
        Assert.Equal(expected.Count, topics.Count);
        Assert.Equal(0, sub.ExitCode);
        var want = expected.GroupBy(m => m.Topic).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var got = topics.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(want.OrderBy(p => p.Key, StringComparer.Ordinal), got.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
