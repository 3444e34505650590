using System.Buffers.Binary;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Tests.Mcap;

/// <summary>Truncated, corrupted and foreign input: clear errors naming the offset, recovery, repair.</summary>
public class McapDamageTests
{
    private static readonly McapSample Lz4Sample = McapSample.Write(new McapWriterOptions { Compression = McapCompression.Lz4, ChunkSize = 8192 });

    [Fact]
    public void A_file_cut_anywhere_streams_every_complete_chunk_before_the_cut()
    {
        McapSample sample = Lz4Sample;
        int previous = 0;
        for (int i = 1; i <= 40; i++)
        {
            int cut = (int)((long)sample.Bytes.Length * i / 41);
            byte[] bytes = sample.Bytes.AsSpan(0, cut).ToArray();
            var recovering = new McapStreamReader(new MemoryStream(bytes), recover: true);
            List<McapMessage> messages = recovering.ReadMessages().ToList();
            Assert.NotNull(recovering.Damage);
            Assert.True(recovering.ValidLength <= cut);
            // The messages recovered are exactly the first ones written, and more of the file never gives fewer.
            McapRoundTripTests.AssertSameMessages(sample.Messages.Take(messages.Count).ToList(), messages);
            Assert.True(messages.Count >= previous, $"cut {cut}: {messages.Count} messages < {previous}");
            previous = messages.Count;

            var strict = new McapStreamReader(new MemoryStream(bytes));
            McapFormatException e = Assert.Throws<McapFormatException>(() => strict.ReadRecords().Count());
            Assert.InRange(e.Offset, 0, cut);
            using var reader = new McapReader(new MemoryStream(bytes));
            Assert.Throws<McapFormatException>(() => reader.ReadSummary());
        }
        Assert.True(previous > sample.Messages.Count * 9 / 10, $"only {previous} messages before the last cut");
    }

    [Fact]
    public void Repair_turns_a_cut_off_recording_into_a_valid_indexed_file_and_reports_the_loss()
    {
        McapSample sample = Lz4Sample;
        byte[] cut = sample.Bytes.AsSpan(0, sample.Bytes.Length * 2 / 3).ToArray();
        using var repaired = new MemoryStream();
        McapRepairResult result = McapRepair.Repair(new MemoryStream(cut), repaired, new McapWriterOptions { Compression = McapCompression.Zstd });
        Assert.False(result.InputWasComplete);
        Assert.True(result.MessagesRecovered > sample.Messages.Count / 2);
        Assert.True(result.BytesDropped > 0);
        Assert.Equal(cut.Length, result.InputLength);
        Assert.Equal(3, result.ChannelsRecovered);
        Assert.Equal(2, result.SchemasRecovered);
        Assert.Equal(1, result.MetadataRecovered);
        Assert.Contains(result.Dropped, d => d.Contains("bytes dropped", StringComparison.Ordinal));

        using var reader = new McapReader(new MemoryStream(repaired.ToArray()));
        McapSummary summary = reader.ReadSummary();
        Assert.Equal((ulong)result.MessagesRecovered, summary.Statistics!.MessageCount);
        Assert.Contains("repaired", summary.Header.Library, StringComparison.Ordinal);
        var kept = sample.Messages.Take((int)result.MessagesRecovered).ToList();
        McapRoundTripTests.AssertSameMessages(kept, reader.StreamRecords().ReadMessages().ToList());
        Assert.Equal(kept.Count, reader.ReadMessages().Count());
        Assert.Equal("Minamitorishima", reader.ReadMetadata(Assert.Single(summary.MetadataIndexes)).Values["site"]);
        Assert.True(reader.VerifyDataSectionCrc());
    }

    [Fact]
    public void Repair_of_a_complete_file_keeps_everything_and_drops_nothing()
    {
        using var repaired = new MemoryStream();
        McapRepairResult result = McapRepair.Repair(new MemoryStream(Lz4Sample.Bytes), repaired);
        Assert.True(result.InputWasComplete);
        Assert.Empty(result.Dropped);
        Assert.Equal(Lz4Sample.Messages.Count, result.MessagesRecovered);
        Assert.Equal(1, result.AttachmentsRecovered);
        using var reader = new McapReader(new MemoryStream(repaired.ToArray()));
        McapRoundTripTests.AssertSameMessages(Lz4Sample.InLogTimeOrder(), reader.ReadMessages().ToList());
    }

    [Fact]
    public void A_corrupt_chunk_is_reported_with_its_offset_and_skipped_in_recover_mode()
    {
        McapSample sample = McapSample.Write(new McapWriterOptions { Compression = McapCompression.None, ChunkSize = 8192 });
        McapChunkIndex chunk;
        using (var clean = new McapReader(new MemoryStream(sample.Bytes)))
        {
            chunk = clean.ReadSummary().ChunkIndexes[2];
        }
        byte[] bad = (byte[])sample.Bytes.Clone();
        bad[(int)(chunk.ChunkStartOffset + chunk.ChunkLength) - 3] ^= 0x01;

        using var reader = new McapReader(new MemoryStream(bad));
        McapFormatException indexed = Assert.Throws<McapFormatException>(() => reader.ReadMessages().Count());
        Assert.Equal((long)chunk.ChunkStartOffset, indexed.Offset);
        Assert.Equal("Chunk", indexed.Record);
        Assert.Contains("CRC", indexed.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {chunk.ChunkStartOffset}", indexed.Message, StringComparison.Ordinal);

        McapFormatException streamed = Assert.Throws<McapFormatException>(() => new McapStreamReader(new MemoryStream(bad)).ReadRecords().Count());
        Assert.Equal((long)chunk.ChunkStartOffset, streamed.Offset);

        var recovering = new McapStreamReader(new MemoryStream(bad), recover: true);
        int count = recovering.ReadMessages().Count();
        Assert.Single(recovering.DroppedChunks);
        Assert.True(count < sample.Messages.Count && count > sample.Messages.Count * 3 / 4, $"{count} messages");
        // The data section CRC no longer matches either: that is the damage that ends the recovering read.
        Assert.Contains("data section CRC", recovering.Damage!.Message, StringComparison.Ordinal);

        var lenient = new McapReader(new MemoryStream(bad), new McapReaderOptions { ValidateCrcs = false });
        Assert.Equal(sample.Messages.Count, lenient.ReadMessages().Count());
    }

    [Fact]
    public void A_corrupt_summary_fails_its_crc_naming_the_footer()
    {
        byte[] bad = (byte[])Lz4Sample.Bytes.Clone();
        bad[^60] ^= 0x40;
        using var reader = new McapReader(new MemoryStream(bad));
        McapFormatException e = Assert.Throws<McapFormatException>(() => reader.ReadSummary());
        Assert.Contains("summary CRC", e.Message, StringComparison.Ordinal);
        Assert.Equal(bad.Length - 37, e.Offset);
    }

    [Fact]
    public void Unknown_and_private_opcodes_are_skipped_in_the_data_section_and_inside_chunks()
    {
        using var stream = new MemoryStream();
        using (var writer = new McapWriter(stream, new McapWriterOptions { UseChunks = false, WriteSummary = false, ComputeDataSectionCrc = false }, leaveOpen: true))
        {
            ushort channel = writer.RegisterChannel(0, "/t", "raw");
            writer.WriteMessage(channel, 1, 10, 10, [1, 2, 3]);
            writer.WriteMessage(channel, 2, 20, 20, [4]);
        }
        byte[] file = stream.ToArray();
        int headerEnd = 8 + 9 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(9));
        byte[] privateRecord = [0x80, 5, 0, 0, 0, 0, 0, 0, 0, 9, 9, 9, 9, 9];
        byte[] futureRecord = [0x42, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] spliced = [.. file.AsSpan(0, headerEnd), .. privateRecord, .. futureRecord, .. file.AsSpan(headerEnd)];
        var reader = new McapStreamReader(new MemoryStream(spliced));
        Assert.Equal([1u, 2u], reader.ReadMessages().Select(m => m.Sequence).ToArray());
        Assert.Equal(2, reader.SkippedRecords);
        Assert.True(reader.ReachedEnd);

        // Inside a chunk: a private record between two messages.
        byte[] message = [0x05, 23, 0, 0, 0, 0, 0, 0, 0, /* channel */ 0, 0, /* seq */ 7, 0, 0, 0, /* log */ 1, 0, 0, 0, 0, 0, 0, 0,
            /* publish */ 1, 0, 0, 0, 0, 0, 0, 0, /* data */ 0xAB];
        byte[] records = [.. message, .. privateRecord, .. message];
        var parsed = new List<McapRecord>();
        McapChunkDecoder.ParseRecords(records, 1234, parsed);
        Assert.Equal(2, parsed.Count);
        Assert.All(parsed, r => Assert.Equal(0xAB, ((McapMessage)r).Data.Span[0]));
    }

    [Fact]
    public void Absurd_lengths_are_rejected_before_anything_is_allocated()
    {
        McapSample sample = McapSample.Write(new McapWriterOptions { UseChunks = false, WriteSummary = false }, 20);
        int headerEnd = 8 + 9 + (int)BinaryPrimitives.ReadUInt64LittleEndian(sample.Bytes.AsSpan(9));
        foreach (ulong length in new[] { ulong.MaxValue, 1UL << 40, 400_000_000UL, (ulong)sample.Bytes.Length })
        {
            byte[] bad = (byte[])sample.Bytes.Clone();
            BinaryPrimitives.WriteUInt64LittleEndian(bad.AsSpan(headerEnd + 1), length);
            long before = GC.GetAllocatedBytesForCurrentThread();
            McapFormatException seekable = Assert.Throws<McapFormatException>(() => new McapStreamReader(new MemoryStream(bad)).ReadRecords().Count());
            McapFormatException piped = Assert.Throws<McapFormatException>(() => new McapStreamReader(new NonSeekableStream(bad)).ReadRecords().Count());
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(headerEnd, seekable.Offset);
            Assert.Equal(headerEnd, piped.Offset);
            // A lying length costs at most the 1 MiB first step of the unseekable read, never the declared size.
            Assert.True(allocated < 4 << 20, $"length {length}: {allocated} bytes allocated");
        }
    }

    [Fact]
    public void Garbage_empty_and_foreign_files_are_format_errors()
    {
        byte[][] inputs =
        [
            [],
            [0x89, (byte)'M', (byte)'C'],
            [0x89, (byte)'M', (byte)'C', (byte)'A', (byte)'P', (byte)'0', (byte)'\r', (byte)'\n'],
            "PK\u0003\u0004 not an mcap file at all, just some text long enough to have a footer-sized tail"u8.ToArray(),
            new byte[300],
        ];
        foreach (byte[] input in inputs)
        {
            Assert.Throws<McapFormatException>(() => new McapStreamReader(new MemoryStream(input)).ReadRecords().Count());
            using var reader = new McapReader(new MemoryStream(input));
            Assert.Throws<McapFormatException>(() => reader.ReadSummary());
            Assert.Throws<McapFormatException>(() => McapRepair.Repair(new MemoryStream(input), new MemoryStream()));
        }
    }
}
