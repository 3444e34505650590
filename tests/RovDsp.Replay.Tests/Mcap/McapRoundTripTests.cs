using System.IO.Hashing;
using System.Text;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Tests.Mcap;

public class McapRoundTripTests
{
    public static TheoryData<McapCompression, bool> Layouts => new()
    {
        { McapCompression.None, true },
        { McapCompression.Lz4, true },
        { McapCompression.Zstd, true },
        { McapCompression.None, false },
    };

    [Fact]
    public void Crc32_is_the_zlib_crc_with_check_value_CBF43926()
    {
        // The CRC-32 "check" value (CRC catalogue, CRC-32/ISO-HDLC as used by zlib and MCAP) of ASCII "123456789".
        Assert.Equal(0xCBF43926u, Crc32.HashToUInt32("123456789"u8));
    }

    [Fact]
    public void Empty_file_without_summary_is_byte_exact_to_the_specification()
    {
        using var stream = new MemoryStream();
        using (var writer = new McapWriter(stream, new McapWriterOptions
        {
            Library = "x", WriteSummary = false, ComputeDataSectionCrc = false,
        }, leaveOpen: true))
        {
        }
        // Hand-built from the specification: magic; Header (op 1, length 9: profile "" = 4 zero bytes, library "x" =
        // length 1 + 'x'); Data End (op 0x0F, length 4, CRC 0); Footer (op 2, length 20, summary_start 0,
        // summary_offset_start 0, summary_crc 0); magic.
        byte[] magic = [0x89, (byte)'M', (byte)'C', (byte)'A', (byte)'P', (byte)'0', (byte)'\r', (byte)'\n'];
        var expected = new List<byte>(magic);
        expected.AddRange([0x01, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, (byte)'x']);
        expected.AddRange([0x0F, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        expected.AddRange([0x02, 20, 0, 0, 0, 0, 0, 0, 0]);
        expected.AddRange(new byte[20]);
        expected.AddRange(magic);
        Assert.Equal(expected.ToArray(), stream.ToArray());
    }

    [Fact]
    public void Data_section_crc_covers_every_byte_before_Data_End()
    {
        McapSample sample = McapSample.Write(new McapWriterOptions { ChunkSize = 4096 }, 50);
        using var reader = new McapReader(new MemoryStream(sample.Bytes));
        McapSummary summary = reader.ReadSummary();
        Assert.NotNull(summary.DataEnd);
        // Independent of the writer's running CRC: hash the bytes [0, Data End offset) in one go.
        uint expected = Crc32.HashToUInt32(sample.Bytes.AsSpan(0, (int)summary.DataEndOffset));
        Assert.Equal(expected, summary.DataEnd!.DataSectionCrc);
        Assert.True(reader.VerifyDataSectionCrc());
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Indexed_and_streaming_reads_return_every_message_byte_for_byte(McapCompression compression, bool chunked)
    {
        McapSample sample = McapSample.Write(new McapWriterOptions
        {
            Compression = compression, UseChunks = chunked, ChunkSize = 8192, Library = "test",
        });
        if (chunked)
        {
            Assert.True(sample.ChunkCount > 5, $"expected several chunks, got {sample.ChunkCount}");
        }
        using var reader = new McapReader(new MemoryStream(sample.Bytes));
        McapSummary summary = reader.ReadSummary();
        Assert.Equal("test", summary.Header.Library);
        Assert.Equal(3, summary.Channels.Count);
        Assert.Equal(2, summary.Schemas.Count);
        Assert.Equal(sample.Channels[2].Metadata, summary.Channels[sample.Channels[2].Id].Metadata);
        McapStatistics stats = summary.Statistics!;
        Assert.Equal((ulong)sample.Messages.Count, stats.MessageCount);
        Assert.Equal((uint)sample.ChunkCount, stats.ChunkCount);
        Assert.Equal(sample.Messages.Min(m => m.LogTime), stats.MessageStartTime);
        Assert.Equal(sample.Messages.Max(m => m.LogTime), stats.MessageEndTime);
        Assert.Equal(chunked ? sample.ChunkCount : 0, summary.ChunkIndexes.Count);

        AssertSameMessages(sample.InLogTimeOrder(), reader.ReadMessages().ToList());
        AssertSameMessages(sample.Messages, reader.StreamRecords().ReadMessages().ToList());

        McapMetadata metadata = reader.ReadMetadata(Assert.Single(summary.MetadataIndexes));
        Assert.Equal("dive", metadata.Name);
        Assert.Equal(McapSample.DiveMetadata, metadata.Values);
        McapAttachment attachment = reader.ReadAttachment(Assert.Single(summary.AttachmentIndexes));
        Assert.Equal(McapSample.AttachmentText, Encoding.UTF8.GetString(attachment.Data.Span));
        Assert.True(reader.VerifyDataSectionCrc());
    }

    [Fact]
    public void A_non_seekable_stream_such_as_a_pipe_reads_every_record()
    {
        McapSample sample = McapSample.Write(new McapWriterOptions { Compression = McapCompression.Zstd, ChunkSize = 8192 });
        var reader = new McapStreamReader(new NonSeekableStream(sample.Bytes));
        AssertSameMessages(sample.Messages, reader.ReadMessages().ToList());
        Assert.True(reader.ReachedEnd);
        Assert.Null(reader.Damage);
        Assert.Equal(sample.Bytes.Length, reader.ValidLength);
    }

    [Fact]
    public void Time_range_and_channel_filters_select_exactly_the_matching_messages_in_log_time_order()
    {
        McapSample sample = McapSample.Write(new McapWriterOptions { Compression = McapCompression.Lz4, ChunkSize = 4096 });
        using var reader = new McapReader(new MemoryStream(sample.Bytes));
        List<McapMessage> ordered = sample.InLogTimeOrder();
        ulong start = ordered[70].LogTime;
        ulong end = ordered[210].LogTime;
        var channels = new HashSet<ushort> { sample.Channels[0].Id, sample.Channels[2].Id };
        var expected = ordered.Where(m => m.LogTime >= start && m.LogTime <= end && channels.Contains(m.ChannelId)).ToList();
        var actual = reader.ReadMessages(start, end, channels).ToList();
        Assert.True(expected.Count > 50);
        AssertSameMessages(expected, actual);
        Assert.Equal(sample.Channels[1].Id, Assert.Single(reader.ReadSummary().ChannelIdsFor(["/riser/flow"])));
    }

    [Fact]
    public void Flush_closes_the_open_chunk_so_the_bytes_so_far_stream_read_completely()
    {
        using var stream = new MemoryStream();
        using var writer = new McapWriter(stream, new McapWriterOptions { Compression = McapCompression.Lz4 }, leaveOpen: true);
        ushort channel = writer.RegisterChannel(0, "/t", "raw");
        for (uint i = 0; i < 10; i++)
        {
            writer.WriteMessage(channel, i, 1000 + i, 1000 + i, [1, 2, (byte)i]);
        }
        Assert.Equal(0, writer.ChunkCount);
        writer.Flush();
        Assert.Equal(1, writer.ChunkCount);
        var partial = new McapStreamReader(new MemoryStream(stream.ToArray()), recover: true);
        Assert.Equal(10, partial.ReadMessages().Count());
        Assert.Contains("without a Footer", partial.Damage!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_indexes_list_each_channel_in_log_time_order_with_offsets_to_the_message_records()
    {
        McapSample sample = McapSample.Write(new McapWriterOptions { Compression = McapCompression.None, ChunkSize = 1 << 20 }, 100);
        var records = new McapStreamReader(new MemoryStream(sample.Bytes)).ReadRecords().ToList();
        var chunkMessages = records.OfType<McapMessage>().ToList();
        var indexes = records.OfType<McapMessageIndex>().ToList();
        Assert.Equal(3, indexes.Count);
        Assert.Equal(100, indexes.Sum(i => i.Entries.Count));
        foreach (McapMessageIndex index in indexes)
        {
            for (int i = 1; i < index.Entries.Count; i++)
            {
                Assert.True(index.Entries[i - 1].LogTime <= index.Entries[i].LogTime);
            }
            Assert.All(index.Entries, e => Assert.Contains(chunkMessages, m => m.LogTime == e.LogTime && m.ChannelId == index.ChannelId));
        }
        // Uncompressed chunk: the offset of each entry points at a Message record (opcode 5) of that channel.
        McapChunkIndex chunkIndex = Assert.Single(new McapReader(new MemoryStream(sample.Bytes)).ReadSummary().ChunkIndexes);
        int recordsStart = (int)chunkIndex.ChunkStartOffset + 9 + 8 + 8 + 8 + 4 + 4 + 8;
        foreach (McapMessageIndex index in indexes)
        {
            foreach (McapMessageIndexEntry entry in index.Entries)
            {
                int at = recordsStart + (int)entry.Offset;
                Assert.Equal(5, sample.Bytes[at]);
                Assert.Equal(index.ChannelId, BitConverter.ToUInt16(sample.Bytes, at + 9));
                Assert.Equal(entry.LogTime, BitConverter.ToUInt64(sample.Bytes, at + 9 + 6));
            }
        }
    }

    [Fact]
    public void Writing_a_message_allocates_nothing_in_steady_state()
    {
        using var stream = new MemoryStream(1 << 24);
        using var writer = new McapWriter(stream, new McapWriterOptions { Compression = McapCompression.Zstd, ChunkSize = 256 * 1024 }, leaveOpen: true);
        ushort channel = writer.RegisterChannel(0, "/sonar", "raw");
        byte[] payload = new byte[1000];
        // Warm-up: three full chunks grow the chunk buffer and the per-channel index to their working sizes.
        for (uint i = 0; i < 800; i++)
        {
            writer.WriteMessage(channel, i, i, i, payload);
        }
        writer.Flush();
        int chunks = writer.ChunkCount;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (uint i = 800; i < 1000; i++)
        {
            writer.WriteMessage(channel, i, i, i, payload);
        }
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(before, after);
        Assert.Equal(chunks, writer.ChunkCount);
    }

    [Fact]
    public void Out_of_order_chunks_are_merged_in_log_time_order()
    {
        using var stream = new MemoryStream();
        using (var writer = new McapWriter(stream, new McapWriterOptions { ChunkSize = 1 << 20 }, leaveOpen: true))
        {
            ushort a = writer.RegisterChannel(0, "/a", "raw");
            // Chunk 1 holds times 100..190 step 10, chunk 2 holds 105..195: overlapping chunks.
            for (uint i = 0; i < 10; i++)
            {
                writer.WriteMessage(a, i, 100 + (i * 10), 0, [(byte)i]);
            }
            writer.Flush();
            for (uint i = 0; i < 10; i++)
            {
                writer.WriteMessage(a, 100 + i, 105 + (i * 10), 0, [(byte)i]);
            }
        }
        using var reader = new McapReader(new MemoryStream(stream.ToArray()));
        ulong[] times = reader.ReadMessages().Select(m => m.LogTime).ToArray();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (ulong)(100 + (i * 5))).ToArray(), times);
        Assert.Equal([150UL, 155, 160], reader.ReadMessages(150, 160).Select(m => m.LogTime).ToArray());
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_the_parameter_named()
    {
        using var stream = new MemoryStream();
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new McapWriter(stream, new McapWriterOptions { ChunkSize = 0 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new McapWriter(stream, new McapWriterOptions { ZstdLevel = 23 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new McapWriter(stream, new McapWriterOptions { Compression = (McapCompression)9 })).ParamName);
        using var writer = new McapWriter(new MemoryStream());
        Assert.Equal("channelId", Assert.Throws<ArgumentException>(() => writer.WriteMessage(3, 0, 0, 0, [])).ParamName);
        Assert.Equal("channel", Assert.Throws<ArgumentException>(() => writer.RegisterChannel(7, "/x", "raw")).ParamName);
        Assert.Equal("schema", Assert.Throws<ArgumentException>(() => writer.WriteSchema(new McapSchema(0, "s", "", Array.Empty<byte>()))).ParamName);
        ushort s = writer.RegisterSchema("s", "jsonschema", "{}"u8);
        Assert.Equal("schema", Assert.Throws<ArgumentException>(() => writer.WriteSchema(new McapSchema(s, "other", "", Array.Empty<byte>()))).ParamName);
        writer.Close();
        Assert.Throws<ObjectDisposedException>(() => writer.RegisterChannel(0, "/y", "raw"));
        Assert.Throws<ArgumentException>(() => new McapReader(new MemoryStream(), new McapReaderOptions { MaxRecordSize = 1 }));
    }

    internal static void AssertSameMessages(IReadOnlyList<McapMessage> expected, IReadOnlyList<McapMessage> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            McapMessage e = expected[i], a = actual[i];
            Assert.True(e.ChannelId == a.ChannelId && e.Sequence == a.Sequence && e.LogTime == a.LogTime && e.PublishTime == a.PublishTime,
                $"message {i}: expected ch {e.ChannelId} seq {e.Sequence} t {e.LogTime}/{e.PublishTime}, got ch {a.ChannelId} seq {a.Sequence} t {a.LogTime}/{a.PublishTime}");
            Assert.True(e.Data.Span.SequenceEqual(a.Data.Span), $"message {i} (seq {e.Sequence}): data differs");
        }
    }
}
