using System.Text.Json;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Recording;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Tests.Mcap;

namespace RovDsp.Replay.Tests.Recording;

public sealed class ShippedRecordingTests
{
    public static TheoryData<string, ScenarioKind, ulong> Shipped => ShippedRecordings.All;

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Simulate_regenerates_the_shipped_recording_bit_for_bit(string file, ScenarioKind kind, ulong seed)
    {
        var expected = File.ReadAllBytes(ShippedRecordings.PathOf(file));
        using var output = new MemoryStream();
        new DiveRecorder(DiveScenario.Create(kind, seed, ShippedRecordings.Duration), DiveRecordingOptions.Shipped).Write(output);
        var actual = output.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        var firstDifference = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(firstDifference == expected.Length, $"{file} differs from its regeneration at byte {firstDifference}; regenerate with the commands in recordings/README.md");
    }

    [Fact]
    public void A_different_seed_gives_a_different_dive()
    {
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        var options = DiveRecordingOptions.Shipped with { Multibeam = null, ScanningSonar = null };
        new DiveRecorder(DiveScenario.Create(ScenarioKind.Nominal, 1, TimeSpan.FromSeconds(5)), options).Write(a);
        new DiveRecorder(DiveScenario.Create(ScenarioKind.Nominal, 2, TimeSpan.FromSeconds(5)), options).Write(b);
        Assert.False(a.ToArray().AsSpan().SequenceEqual(b.ToArray()));
    }

    [Fact]
    public void Info_reports_the_channels_counts_rates_and_metadata_of_a_shipped_recording()
    {
        var path = ShippedRecordings.PathOf("nominal.mcap");
        var info = RecordingInspector.Inspect(path);
        Assert.True(info.Complete);
        Assert.Equal(new FileInfo(path).Length, info.FileSize);
        Assert.Equal(["zstd"], info.Compression);

        // Counts from the simulators' definitions: floor(duration × rate) messages for the sonars.
        var counts = info.Channels.ToDictionary(c => c.Topic, c => c.MessageCount);
        Assert.Equal(225, counts["rov/rov1/raw/echosounder/echo1"]);
        Assert.Equal(225, counts[RecordingTopics.TruthAltitude]);
        Assert.Equal(45, counts["rov/rov1/raw/multibeam/multibeam1"]);
        Assert.Equal(45, counts[RecordingTopics.TruthObstacles]);
        Assert.Equal(1350, counts["rov/rov1/raw/scanning/scan1"]);
        Assert.InRange(counts[RecordingTopics.TruthSlurry], 175, 181);

        // And from an independent path: the indexed reader's summary statistics.
        using var reader = McapReader.Open(path);
        var summary = reader.ReadSummary();
        Assert.Equal((long)summary.Statistics!.MessageCount, info.MessageCount);
        foreach (var channel in info.Channels)
        {
            Assert.Equal((long)summary.Statistics.ChannelMessageCounts[channel.Id], channel.MessageCount);
        }
        Assert.Equal(summary.Statistics.MessageStartTime, info.FirstLogTimeNs);
        Assert.Equal(summary.Statistics.MessageEndTime, info.LastLogTimeNs);

        var echo = info.Channels.Single(c => c.Topic == "rov/rov1/raw/echosounder/echo1");
        Assert.Equal(2.5, echo.RateHz, 6);
        Assert.Equal(400_000_000UL, echo.LargestGapNs);
        Assert.Equal("rovdsp.wire.EchosounderPing", echo.SchemaName);
        Assert.Equal("rovdsp-wire-1", echo.SchemaEncoding);
        Assert.Equal("rovdsp-wire", echo.MessageEncoding);
        var truth = info.Channels.Single(c => c.Topic == RecordingTopics.TruthSlurry);
        Assert.Equal("jsonschema", truth.SchemaEncoding);

        var dive = Assert.Single(info.Metadata, m => m.Key == RecordingTopics.DiveMetadata).Value;
        Assert.Equal("nominal", dive["scenario"]);
        Assert.Equal("1", dive["seed"]);
        Assert.Equal("90", dive["durationS"]);
    }

    [Fact]
    public void Info_reads_a_cut_off_recording_as_far_as_it_goes()
    {
        var bytes = File.ReadAllBytes(ShippedRecordings.PathOf("clog.mcap"));
        var whole = RecordingInspector.Inspect(new MemoryStream(bytes));
        var cut = RecordingInspector.Inspect(new MemoryStream(bytes, 0, bytes.Length / 2));
        Assert.False(cut.Complete);
        Assert.NotEmpty(cut.Damage);
        Assert.InRange(cut.MessageCount, 1, whole.MessageCount - 1);
        Assert.Equal(whole.Channels.Count, cut.Channels.Count);
    }

    [Fact]
    public void The_obstacle_dive_shows_the_lost_tool_in_the_imaging_sonars_truth()
    {
        using var reader = McapReader.Open(ShippedRecordings.PathOf("obstacle.mcap"));
        var ids = reader.ReadSummary().ChannelIdsFor([RecordingTopics.TruthObstacles]);
        var frames = 0;
        foreach (var message in reader.ReadMessages(channelIds: ids))
        {
            using var doc = JsonDocument.Parse(message.Data);
            foreach (var obstacle in doc.RootElement.GetProperty("obstacles").EnumerateArray())
            {
                if (obstacle.GetProperty("kind").GetString() == "lostTool")
                {
                    frames++;
                }
            }
        }
        Assert.InRange(frames, 3, 45);
    }

    [NodeFact]
    public void Mcap_core_reads_a_shipped_recording_with_its_crcs_and_counts()
    {
        Assert.True(McapInterop.Unavailable is null, McapInterop.Unavailable);
        var path = ShippedRecordings.PathOf("obstacle.mcap");
        var info = RecordingInspector.Inspect(path);
        var verdict = McapInterop.RunJson("verify.mjs", path);
        var indexed = verdict.GetProperty("indexed");
        var stream = verdict.GetProperty("stream");
        Assert.False(indexed.TryGetProperty("error", out var e1), "McapIndexedReader failed: " + e1);
        Assert.False(stream.TryGetProperty("error", out var e2), "McapStreamReader failed: " + e2);
        Assert.True(indexed.GetProperty("dataSectionCrc").GetProperty("ok").GetBoolean());
        Assert.Equal(info.MessageCount, indexed.GetProperty("messageCount").GetInt64());
        Assert.Equal(info.Channels.Count, indexed.GetProperty("channels").GetArrayLength());
    }
}
