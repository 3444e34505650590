using System.Text;
using RovDsp.Replay.Mcap;

namespace RovDsp.Fuzz.Seeds;

/// <summary>Seeds of the MCAP target: a small slice of a shipped recording (a few messages of each topic, with its
/// schemas and channels) written back by our <see cref="McapWriter"/> in each layout a reader meets: zstd, lz4 and
/// uncompressed chunks, no chunks, no summary, and with metadata and an attachment.</summary>
internal static class McapSeeds
{
    public static IEnumerable<(string, byte[])> Create(string recording)
    {
        var slice = RecordingSlice.Read(recording, perTopic: 2, maxBytes: 1024);
        yield return ("chunked-zstd", Write(slice, new McapWriterOptions { Compression = McapCompression.Zstd, ChunkSize = 2048 }, extras: false));
        yield return ("chunked-lz4", Write(slice, new McapWriterOptions { Compression = McapCompression.Lz4, ChunkSize = 2048 }, extras: false));
        yield return ("chunked-uncompressed-extras", Write(slice, new McapWriterOptions { Compression = McapCompression.None, ChunkSize = 2048 }, extras: true));
        yield return ("unchunked", Write(slice, new McapWriterOptions { UseChunks = false }, extras: true));
        yield return ("no-summary", Write(slice, new McapWriterOptions { Compression = McapCompression.None, WriteSummary = false, WriteSummaryOffsets = false }, extras: false));

        // A recording cut off mid-write (what `repair` is for): the same file without its last third.
        var whole = Write(slice, new McapWriterOptions { Compression = McapCompression.None, ChunkSize = 1024 }, extras: false);
        yield return ("cut-off", whole[..(whole.Length * 2 / 3)]);
    }

    private static byte[] Write(RecordingSlice slice, McapWriterOptions options, bool extras)
    {
        var stream = new MemoryStream();
        using (var writer = new McapWriter(stream, options with { Profile = slice.Summary.Header.Profile }, leaveOpen: true))
        {
            var channelIds = new Dictionary<ushort, ushort>();
            var schemaIds = new Dictionary<ushort, ushort>();
            foreach (var (channel, message) in slice.Messages)
            {
                if (!channelIds.TryGetValue(channel.Id, out var channelId))
                {
                    if (!schemaIds.TryGetValue(channel.SchemaId, out var schemaId) && slice.Summary.Schemas.TryGetValue(channel.SchemaId, out var schema))
                    {
                        schemaId = writer.RegisterSchema(schema.Name, schema.Encoding, schema.Data.Span);
                        schemaIds[channel.SchemaId] = schemaId;
                    }

                    channelId = writer.RegisterChannel(schemaId, channel.Topic, channel.MessageEncoding, channel.Metadata);
                    channelIds[channel.Id] = channelId;
                }

                writer.WriteMessage(channelId, message.Sequence, message.LogTime, message.PublishTime, message.Data.Span);
            }

            if (extras)
            {
                writer.WriteMetadata("dive", new Dictionary<string, string> { ["scenario"] = "nominal", ["seed"] = "1" });
                writer.WriteAttachment("notes.txt", "text/plain", 1, 2, Encoding.UTF8.GetBytes("fuzz seed"));
            }
        }

        return stream.ToArray();
    }
}
