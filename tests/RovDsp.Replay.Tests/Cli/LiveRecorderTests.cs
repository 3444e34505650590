using System.Text;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Recording;

namespace RovDsp.Replay.Tests.Cli;

/// <summary>The recorder behind <c>rovdsp-replay record</c>: channels and schemas per topic, nothing dropped, and what
/// survives a crash.</summary>
public sealed class LiveRecorderTests : IDisposable
{
    private const ulong T0 = 1_799_971_200_000_000_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-liverec-").FullName;

    private static byte[] Slurry(int i)
    {
        var buffer = new byte[SlurrySampleCodec.EncodedLength];
        SlurrySampleCodec.Encode(new SlurrySample(new MessageStamp((long)(T0 + (ulong)i * 10_000_000UL), (uint)(1000 + i)), 3, SlurrySensorKind.FlowVelocity, 2.5f + i), buffer);
        return buffer;
    }

    // The PNG signature and a few bytes of an image: what a recorder sees of it.
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    [Fact]
    public void Raw_topics_get_the_wire_schema_json_feeds_and_status_their_schema_images_the_foxglove_image_a_foreign_json_topic_none_and_malformed_payloads_are_kept_and_counted()
    {
        using var stream = new MemoryStream();
        using (var recorder = new LiveRecorder(stream, new McapWriterOptions { Compression = McapCompression.None }, leaveOpen: true))
        {
            recorder.Write("rov/rov1/raw/slurry/line1", Slurry(0), null, T0 + 5_000_000);
            recorder.Write("rov/rov1/raw/slurry/line1", "not a wire message"u8, null, T0 + 6_000_000);
            recorder.Write("rov/rov1/feed/altitude/echo1", """{"t":{"sec":1,"nsec":0},"seq":1,"altitudeM":3.2,"state":"valid"}"""u8, "application/json", T0 + 7_000_000);
            recorder.Write("rov/rov1/feed/fan/multibeam1", Png, "image/png", T0 + 8_000_000);
            recorder.Write("rov/rov1/raw/ping/ping1", [(byte)'B', (byte)'R', 2, 0, 0x04, 0x05, 1, 0, 9, 9, 0, 0], null, T0 + 9_000_000);
            recorder.Write("rov/rov1/status", """{"state":"online","vehicle":"rov1","client":"rovdsp-bridge","t":{"sec":1,"nsec":0}}"""u8, "application/json", T0 + 9_500_000);
            recorder.Write("lab/weather", """{"windKn":12}"""u8, "application/json", T0 + 9_600_000);
            Assert.Equal(7, recorder.Messages);
            Assert.Equal(1, recorder.Malformed);
            var groups = recorder.Snapshot();
            Assert.Equal(["raw/slurry", "feed/altitude", "feed/fan", "raw/ping", "status", "other"], groups.Select(g => g.Group));
            Assert.Equal(2, groups[0].Messages);
            Assert.Equal(1, groups[0].Malformed);
        }

        stream.Position = 0;
        using var reader = new McapReader(stream);
        var summary = reader.ReadSummary();
        var byTopic = summary.Channels.Values.ToDictionary(c => c.Topic);
        var slurry = byTopic["rov/rov1/raw/slurry/line1"];
        Assert.Equal("rovdsp-wire", slurry.MessageEncoding);
        Assert.Equal("rovdsp.wire.SlurrySample", summary.Schemas[slurry.SchemaId].Name);
        Assert.Equal("rovdsp-wire-1", summary.Schemas[slurry.SchemaId].Encoding);
        Assert.Equal("json", byTopic["rov/rov1/feed/altitude/echo1"].MessageEncoding);
        var altitude = summary.Schemas[byTopic["rov/rov1/feed/altitude/echo1"].SchemaId];
        Assert.Equal(("rovdsp.feed.Altitude", "jsonschema"), (altitude.Name, altitude.Encoding));
        Assert.Equal(RovDsp.Processing.Feeds.FeedSchemas.Altitude, Encoding.UTF8.GetString(altitude.Data.Span));
        // The bridge's status has its schema (TelemetrySchemas); a JSON topic none of ours describes is schemaless JSON.
        var status = summary.Schemas[byTopic["rov/rov1/status"].SchemaId];
        Assert.Equal(("rovdsp.Status", RovDsp.Processing.Feeds.TelemetrySchemas.Status), (status.Name, Encoding.UTF8.GetString(status.Data.Span)));
        Assert.Equal(("json", 0), (byTopic["lab/weather"].MessageEncoding, (int)byTopic["lab/weather"].SchemaId));
        // A PNG image feed is wrapped as foxglove.CompressedImage JSON, its bytes kept (base64) and stamped at receipt.
        var fan = byTopic["rov/rov1/feed/fan/multibeam1"];
        Assert.Equal(("json", "foxglove.CompressedImage"), (fan.MessageEncoding, summary.Schemas[fan.SchemaId].Name));
        Assert.Equal("ping-protocol", byTopic["rov/rov1/raw/ping/ping1"].MessageEncoding);

        var messages = reader.ReadMessages().ToList();
        Assert.Equal(7, messages.Count);
        // Log time = receive time; publish time and sequence = the wire header's when it decodes.
        Assert.Equal(T0 + 5_000_000, messages[0].LogTime);
        Assert.Equal(T0, messages[0].PublishTime);
        Assert.Equal(1000u, messages[0].Sequence);
        Assert.Equal(T0 + 6_000_000, messages[1].PublishTime);
        Assert.Equal("not a wire message", Encoding.ASCII.GetString(messages[1].Data.Span));
        using var image = System.Text.Json.JsonDocument.Parse(messages[3].Data);
        Assert.Equal(Png, image.RootElement.GetProperty("data").GetBytesFromBase64());
        Assert.Equal(("png", "multibeam1"), (image.RootElement.GetProperty("format").GetString(), image.RootElement.GetProperty("frame_id").GetString()));
        Assert.Equal((long)((T0 + 8_000_000) / 1_000_000_000), image.RootElement.GetProperty("timestamp").GetProperty("sec").GetInt64());
        Assert.Equal((long)((T0 + 8_000_000) % 1_000_000_000), image.RootElement.GetProperty("timestamp").GetProperty("nsec").GetInt64());
    }

    [Fact]
    public void A_recorder_killed_after_a_flush_leaves_a_file_that_repair_recovers_up_to_the_flush()
    {
        var path = Path.Combine(_dir, "crashed.mcap");
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var recorder = new LiveRecorder(file, new McapWriterOptions { Compression = McapCompression.Zstd });
        for (var i = 0; i < 300; i++)
        {
            recorder.Write("rov/rov1/raw/slurry/line1", Slurry(i), null, T0 + (ulong)i * 1_000_000);
        }

        recorder.Flush();
        Assert.Equal(300, recorder.FlushedMessages);
        for (var i = 300; i < 350; i++)
        {
            recorder.Write("rov/rov1/raw/slurry/line1", Slurry(i), null, T0 + (ulong)i * 1_000_000);
        }

        // The process dies here: no Finish, no summary. What is on disk is what a kill -9 leaves.
        byte[] onDisk;
        using (var copy = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            onDisk = new byte[copy.Length];
            copy.ReadExactly(onDisk);
        }

        file.Dispose();
        using var repaired = new MemoryStream();
        var result = McapRepair.Repair(new MemoryStream(onDisk), repaired);
        Assert.False(result.InputWasComplete);
        Assert.True(result.MessagesRecovered >= 300, $"recovered {result.MessagesRecovered}");
        repaired.Position = 0;
        using var reader = new McapReader(repaired);
        var recovered = reader.ReadMessages().ToList();
        for (var i = 0; i < 300; i++)
        {
            Assert.True(Slurry(i).AsSpan().SequenceEqual(recovered[i].Data.Span), $"message {i}");
        }
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
