using System.Text;
using System.Text.Json;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Tests.Mcap;

/// <summary>
/// Validation against an independent implementation: Foxglove's @mcap/core (npm, pinned in tests/mcap-interop).
/// Files we write are read by its McapIndexedReader (footer, summary CRC, chunk and message indexes, chunk CRCs) and
/// McapStreamReader; files it writes are read by ours. Every message is compared byte for byte.
/// </summary>
public sealed class McapInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-mcap-").FullName;

    public static TheoryData<string, bool> Layouts => new()
    {
        { "none", true },
        { "lz4", true },
        { "zstd", true },
        { "none", false },
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [NodeTheory]
    [MemberData(nameof(Layouts))]
    public void Files_we_write_are_read_identically_by_mcap_core(string compression, bool chunked)
    {
        Assert.True(McapInterop.Unavailable is null, McapInterop.Unavailable);
        McapSample sample = McapSample.Write(new McapWriterOptions
        {
            Compression = compression switch { "lz4" => McapCompression.Lz4, "zstd" => McapCompression.Zstd, _ => McapCompression.None },
            UseChunks = chunked,
            ChunkSize = 8192,
            Library = "RovDsp interop",
            Profile = "rovdsp",
        });
        string path = Path.Combine(_dir, $"ours-{compression}-{chunked}.mcap");
        File.WriteAllBytes(path, sample.Bytes);
        JsonElement result = McapInterop.RunJson("verify.mjs", path, "--full");
        JsonElement indexed = result.GetProperty("indexed");
        JsonElement stream = result.GetProperty("stream");
        Assert.False(indexed.TryGetProperty("error", out JsonElement e1), "McapIndexedReader failed: " + e1);
        Assert.False(stream.TryGetProperty("error", out JsonElement e2), "McapStreamReader failed: " + e2);
        Assert.True(stream.GetProperty("done").GetBoolean(), "McapStreamReader did not reach the end of the file");

        Assert.Equal("rovdsp", indexed.GetProperty("header").GetProperty("profile").GetString());
        Assert.Equal("RovDsp interop", indexed.GetProperty("header").GetProperty("library").GetString());
        Assert.NotEqual(0u, indexed.GetProperty("footer").GetProperty("summaryCrc").GetUInt32());
        JsonElement crc = indexed.GetProperty("dataSectionCrc");
        Assert.True(crc.GetProperty("ok").GetBoolean(), "data section CRC: " + crc);

        AssertSchemasAndChannels(sample, indexed);
        AssertSchemasAndChannels(sample, stream);

        JsonElement stats = indexed.GetProperty("statistics");
        Assert.Equal(sample.Messages.Count.ToString(), stats.GetProperty("messageCount").GetString());
        Assert.Equal(2, stats.GetProperty("schemaCount").GetInt32());
        Assert.Equal(3, stats.GetProperty("channelCount").GetInt32());
        Assert.Equal(1, stats.GetProperty("metadataCount").GetInt32());
        Assert.Equal(1, stats.GetProperty("attachmentCount").GetInt32());
        Assert.Equal(sample.ChunkCount, stats.GetProperty("chunkCount").GetInt32());
        Assert.Equal(sample.Messages.Min(m => m.LogTime).ToString(), stats.GetProperty("messageStartTime").GetString());
        Assert.Equal(sample.Messages.Max(m => m.LogTime).ToString(), stats.GetProperty("messageEndTime").GetString());
        foreach (McapChannel channel in sample.Channels)
        {
            Assert.Equal(sample.Messages.Count(m => m.ChannelId == channel.Id).ToString(),
                stats.GetProperty("channelMessageCounts").GetProperty(channel.Id.ToString()).GetString());
        }
        Assert.Equal(sample.ChunkCount, indexed.GetProperty("chunkIndexes").GetArrayLength());
        string expectedCompression = chunked ? (compression == "none" ? "" : compression) : "";
        Assert.All(indexed.GetProperty("chunkIndexes").EnumerateArray(),
            c => Assert.Equal(expectedCompression, c.GetProperty("compression").GetString()));

        // The stream reader sees every message in file order.
        AssertMessages(sample.Messages, stream.GetProperty("messages"));
        Assert.Equal(sample.Messages.Count, stream.GetProperty("recordCounts").GetProperty("Message").GetInt32());
        if (chunked)
        {
            // The indexed reader goes through our chunk indexes and message indexes: log-time order.
            AssertMessages(sample.InLogTimeOrder(), indexed.GetProperty("messages"));
            Assert.Equal(sample.Messages.Min(m => m.LogTime).ToString(), indexed.GetProperty("startTime").GetString());
            Assert.Equal(sample.Messages.Max(m => m.LogTime).ToString(), indexed.GetProperty("endTime").GetString());
        }
        else
        {
            // Messages outside chunks cannot be indexed (specification): the indexed reader finds none.
            Assert.Equal(0, indexed.GetProperty("messageCount").GetInt32());
        }

        JsonElement metadata = Assert.Single(indexed.GetProperty("metadata").EnumerateArray());
        Assert.Equal("dive", metadata.GetProperty("name").GetString());
        foreach (KeyValuePair<string, string> pair in McapSample.DiveMetadata)
        {
            Assert.Equal(pair.Value, metadata.GetProperty("metadata").GetProperty(pair.Key).GetString());
        }
        JsonElement attachment = Assert.Single(indexed.GetProperty("attachments").EnumerateArray());
        Assert.Equal("scenario.json", attachment.GetProperty("name").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(McapSample.AttachmentText))),
            attachment.GetProperty("sha256").GetString());
    }

    [NodeTheory]
    [MemberData(nameof(Layouts))]
    public void Files_mcap_core_writes_are_read_identically_by_ours(string compression, bool chunked)
    {
        Assert.True(McapInterop.Unavailable is null, McapInterop.Unavailable);
        string path = Path.Combine(_dir, $"theirs-{compression}-{chunked}.mcap");
        var args = new List<string> { path, "--compression", compression, "--messages", "300", "--chunk-size", "8192", "--seed", "7" };
        if (!chunked)
        {
            args.Add("--unchunked");
        }
        JsonElement manifest = McapInterop.RunJson("write.mjs", [.. args]);
        List<McapMessage> written = manifest.GetProperty("messages").EnumerateArray().Select(m => new McapMessage(
            (ushort)m.GetProperty("channelId").GetInt32(), m.GetProperty("sequence").GetUInt32(),
            ulong.Parse(m.GetProperty("logTime").GetString()!), ulong.Parse(m.GetProperty("publishTime").GetString()!),
            Convert.FromBase64String(m.GetProperty("data").GetString()!))).ToList();
        Assert.Equal(300, written.Count);

        using McapReader reader = McapReader.Open(path);
        McapSummary summary = reader.ReadSummary();
        Assert.Equal("@mcap/core write.mjs", summary.Header.Library);
        foreach (JsonElement s in manifest.GetProperty("schemas").EnumerateArray())
        {
            McapSchema schema = summary.Schemas[(ushort)s.GetProperty("id").GetInt32()];
            Assert.Equal(s.GetProperty("name").GetString(), schema.Name);
            Assert.Equal(s.GetProperty("encoding").GetString(), schema.Encoding);
            Assert.Equal(Convert.FromBase64String(s.GetProperty("data").GetString()!), schema.Data.ToArray());
        }
        Assert.Equal(3, summary.Channels.Count);
        foreach (JsonElement c in manifest.GetProperty("channels").EnumerateArray())
        {
            McapChannel channel = summary.Channels[(ushort)c.GetProperty("id").GetInt32()];
            Assert.Equal(c.GetProperty("topic").GetString(), channel.Topic);
            Assert.Equal(c.GetProperty("schemaId").GetInt32(), channel.SchemaId);
            Assert.Equal(c.GetProperty("messageEncoding").GetString(), channel.MessageEncoding);
            Assert.Equal(c.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!), channel.Metadata);
        }
        Assert.Equal(300UL, summary.Statistics!.MessageCount);
        if (chunked)
        {
            Assert.True(summary.ChunkIndexes.Count > 5);
            Assert.All(summary.ChunkIndexes, c => Assert.Equal(compression == "none" ? "" : compression, c.Compression));
        }

        // Sequence numbers are the write order, so (log time, sequence) is the log-time order with ties in file order.
        var ordered = written.OrderBy(m => m.LogTime).ThenBy(m => m.Sequence).ToList();
        McapRoundTripTests.AssertSameMessages(ordered, reader.ReadMessages().ToList());
        McapRoundTripTests.AssertSameMessages(written, reader.StreamRecords().ReadMessages().ToList());
        Assert.True(reader.VerifyDataSectionCrc());

        Assert.Equal(manifest.GetProperty("metadata").GetArrayLength(), summary.MetadataIndexes.Count);
        foreach (McapMetadataIndex index in summary.MetadataIndexes)
        {
            McapMetadata metadata = reader.ReadMetadata(index);
            Assert.Equal("dive", metadata.Name);
            Assert.Equal("Minamitorishima", metadata.Values["site"]);
        }
        Assert.Equal(manifest.GetProperty("attachments").GetArrayLength(), summary.AttachmentIndexes.Count);
        foreach (McapAttachmentIndex index in summary.AttachmentIndexes)
        {
            McapAttachment attachment = reader.ReadAttachment(index);
            Assert.Equal("scenario.json", attachment.Name);
            Assert.Equal("{\"scenario\":\"interop\"}", Encoding.UTF8.GetString(attachment.Data.Span));
        }
    }

    [NodeFact]
    public void A_file_repaired_by_us_is_a_valid_indexed_file_for_mcap_core()
    {
        Assert.True(McapInterop.Unavailable is null, McapInterop.Unavailable);
        McapSample sample = McapSample.Write(new McapWriterOptions { Compression = McapCompression.Lz4, ChunkSize = 8192 });
        byte[] cut = sample.Bytes.AsSpan(0, sample.Bytes.Length * 2 / 3).ToArray();
        using var repaired = new MemoryStream();
        McapRepairResult result = McapRepair.Repair(new MemoryStream(cut), repaired);
        string path = Path.Combine(_dir, "repaired.mcap");
        File.WriteAllBytes(path, repaired.ToArray());
        JsonElement verdict = McapInterop.RunJson("verify.mjs", path);
        JsonElement indexed = verdict.GetProperty("indexed");
        Assert.False(indexed.TryGetProperty("error", out JsonElement e), "McapIndexedReader failed: " + e);
        Assert.Equal(result.MessagesRecovered, indexed.GetProperty("messageCount").GetInt64());
        Assert.True(indexed.GetProperty("dataSectionCrc").GetProperty("ok").GetBoolean());
    }

    [NodeFact]
    public void The_harness_can_fail_mcap_core_rejects_a_chunk_whose_crc_we_corrupted()
    {
        Assert.True(McapInterop.Unavailable is null, McapInterop.Unavailable);
        McapSample sample = McapSample.Write(new McapWriterOptions { Compression = McapCompression.None, ChunkSize = 8192 }, 50);
        using var reader = new McapReader(new MemoryStream(sample.Bytes));
        McapChunkIndex chunk = reader.ReadSummary().ChunkIndexes[0];
        byte[] bad = (byte[])sample.Bytes.Clone();
        // Flip one bit in the last byte of the first chunk's records (payload bytes: framing stays intact).
        bad[(int)(chunk.ChunkStartOffset + chunk.ChunkLength) - 1] ^= 0x10;
        string path = Path.Combine(_dir, "bad-crc.mcap");
        File.WriteAllBytes(path, bad);
        JsonElement verdict = McapInterop.RunJson("verify.mjs", path);
        Assert.Contains("crc", verdict.GetProperty("indexed").GetProperty("error").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("crc", verdict.GetProperty("stream").GetProperty("error").GetString()!, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertSchemasAndChannels(McapSample sample, JsonElement reader)
    {
        var schemas = reader.GetProperty("schemas").EnumerateArray().ToList();
        foreach (McapSchema schema in sample.Schemas)
        {
            Assert.Contains(schemas, s => s.GetProperty("id").GetInt32() == schema.Id && s.GetProperty("name").GetString() == schema.Name
                && s.GetProperty("encoding").GetString() == schema.Encoding
                && s.GetProperty("data").GetString() == Convert.ToBase64String(schema.Data.Span));
        }
        var channels = reader.GetProperty("channels").EnumerateArray().ToList();
        foreach (McapChannel channel in sample.Channels)
        {
            // The stream reader sees each channel twice (data section and summary copy): every copy must match.
            var copies = channels.Where(c => c.GetProperty("id").GetInt32() == channel.Id).ToList();
            Assert.NotEmpty(copies);
            foreach (JsonElement c in copies)
            {
                Assert.Equal(channel.Topic, c.GetProperty("topic").GetString());
                Assert.Equal(channel.SchemaId, c.GetProperty("schemaId").GetInt32());
                Assert.Equal(channel.MessageEncoding, c.GetProperty("messageEncoding").GetString());
                Assert.Equal(channel.Metadata, c.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
            }
        }
    }

    private static void AssertMessages(IReadOnlyList<McapMessage> expected, JsonElement actual)
    {
        Assert.Equal(expected.Count, actual.GetArrayLength());
        int i = 0;
        foreach (JsonElement m in actual.EnumerateArray())
        {
            McapMessage e = expected[i];
            Assert.Equal(e.ChannelId, m.GetProperty("channelId").GetInt32());
            Assert.Equal(e.Sequence, m.GetProperty("sequence").GetUInt32());
            Assert.Equal(e.LogTime.ToString(), m.GetProperty("logTime").GetString());
            Assert.Equal(e.PublishTime.ToString(), m.GetProperty("publishTime").GetString());
            Assert.Equal(e.Data.Length, m.GetProperty("length").GetInt32());
            Assert.True(Convert.ToBase64String(e.Data.Span) == m.GetProperty("data").GetString(), $"message {i} (seq {e.Sequence}): data differs");
            i++;
        }
    }
}
