using System.Globalization;
using System.Net;
using System.Text.Json;
using RovDsp.Bridge.Broker;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Recording;
using RovDsp.Replay.Tests.Mcap;
using RovDsp.Replay.Tests.Recording;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Cli;

/// <summary><c>play</c> publishes a shipped dive into an embedded broker while <c>record</c> subscribes to it: the file
/// recorded must hold exactly the raw messages of the window, byte for byte, in order, and be a complete indexed MCAP.</summary>
public sealed class PlayRecordRoundTripTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-roundtrip-").FullName;

    [Fact]
    public async Task Play_into_the_embedded_broker_while_recording_gives_the_same_raw_messages_byte_for_byte()
    {
        var recording = ShippedRecordings.PathOf("obstacle.mcap");
        const double From = 20, To = 28;
        var expected = RawMessages(recording, From, To);
        Assert.True(expected.Count > 2000, $"window holds only {expected.Count} messages");

        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var uri = $"mqtt://127.0.0.1:{broker.Port}";
        var path = Path.Combine(_dir, "recorded.mcap");
        using var stopRecording = new CancellationTokenSource();
        var record = CliRun.Start(stopRecording.Token, "record", "--broker", uri, "-o", path, "--flush-interval", "0.2", "--compression", "lz4");
        await record.WaitForOutputAsync("subscribed", TimeSpan.FromSeconds(30));

        // 2x (about 740 messages/s): QoS 0 end to end, and a recorder in this test host shares its thread pool with the
        // other tests; at 10x it once fell more than the embedded broker's 2,000 pending messages behind and lost 9, and
        // at 5x, in a fresh-clone CI run beside a build, it lost 7. The test is about bytes, not throughput (the
        // recorder's rate has its own benchmarks).
        var play = await CliRun.RunAsync(TimeSpan.FromSeconds(60), "play", recording, "--broker", uri,
            "--from", From.ToString(CultureInfo.InvariantCulture), "--to", To.ToString(CultureInfo.InvariantCulture), "--speed", "2");
        output.WriteLine(play.Output);
        Assert.True(play.ExitCode == 0, play.Error);
        Assert.Contains($"done: {expected.Count} messages", play.Output, StringComparison.Ordinal);

        // The recorder prints its message count every second; stop it once it has everything (or after 30 s).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!record.Output.Contains($" {expected.Count} messages", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await stopRecording.CancelAsync();
        Assert.Equal(0, await record.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        output.WriteLine(record.Output);
        Assert.Contains("is complete", record.Output, StringComparison.Ordinal);

        using var reader = McapReader.Open(path);
        var summary = reader.ReadSummary();
        Assert.NotNull(summary.Statistics);
        Assert.Equal((ulong)expected.Count, summary.Statistics!.MessageCount);
        Assert.True(summary.ChunkIndexes.Count >= 1);
        Assert.True(reader.VerifyDataSectionCrc());
        var got = new Dictionary<string, List<McapMessage>>(StringComparer.Ordinal);
        foreach (var message in reader.ReadMessages())
        {
            var topic = summary.Channels[message.ChannelId].Topic;
            if (!got.TryGetValue(topic, out var list))
            {
                got[topic] = list = [];
            }

            list.Add(message with { Data = message.Data.ToArray() });
        }

        var want = expected.GroupBy(m => m.Topic).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Assert.Equal(want.Keys.Order(StringComparer.Ordinal), got.Keys.Order(StringComparer.Ordinal));
        foreach (var (topic, messages) in want)
        {
            var recorded = got[topic];
            Assert.Equal(messages.Count, recorded.Count);
            for (var i = 0; i < messages.Count; i++)
            {
                Assert.True(messages[i].Data.AsSpan().SequenceEqual(recorded[i].Data.Span), $"{topic} message {i} differs");
                // Publish time is the wire header's acquisition time: the original log time of the simulated dive.
                Assert.Equal(messages[i].LogTime, recorded[i].PublishTime);
            }

            var channel = summary.Channels.Values.Single(c => c.Topic == topic);
            Assert.Equal(RecordingTopics.WireEncoding, channel.MessageEncoding);
            Assert.StartsWith("rovdsp.wire.", summary.Schemas[channel.SchemaId].Name, StringComparison.Ordinal);
        }

        if (McapInterop.Unavailable is null)
        {
            var verdict = McapInterop.RunJson("verify.mjs", path);
            var indexed = verdict.GetProperty("indexed");
            Assert.False(indexed.TryGetProperty("error", out JsonElement e), "McapIndexedReader failed: " + e);
            Assert.Equal(expected.Count, indexed.GetProperty("messageCount").GetInt64());
        }
        else
        {
            output.WriteLine("@mcap/core check skipped: " + McapInterop.Unavailable);
        }
    }

    /// <summary>The raw messages of <paramref name="path"/> with log time in [from, to] seconds after its first message,
    /// read front to back (independently of the player's seek).</summary>
    internal static List<(string Topic, ulong LogTime, byte[] Data)> RawMessages(string path, double from, double to)
    {
        using var reader = McapReader.Open(path);
        var summary = reader.ReadSummary();
        var first = summary.Statistics!.MessageStartTime;
        var list = new List<(string, ulong, byte[])>();
        foreach (var message in reader.ReadMessages())
        {
            var topic = summary.Channels[message.ChannelId].Topic;
            var ns = message.LogTime - first;
            if (topic.Contains("/raw/", StringComparison.Ordinal) && ns >= (ulong)(from * 1e9) && ns <= (ulong)(to * 1e9))
            {
                list.Add((topic, message.LogTime, message.Data.ToArray()));
            }
        }

        return list;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Left in /tmp.
        }
    }
}
