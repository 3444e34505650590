using System.Runtime.InteropServices;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Tests.Mcap;

/// <summary><see cref="McapReaderOptions.LeaseChunkBuffers"/>: messages slice pooled chunk buffers, which are reused
/// only once every message of a chunk is released.</summary>
public class McapChunkLeaseTests
{
    public static TheoryData<McapCompression> Compressions => new() { McapCompression.None, McapCompression.Lz4, McapCompression.Zstd };

    [Theory]
    [MemberData(nameof(Compressions))]
    public void Leased_read_released_as_it_goes_returns_every_message_byte_for_byte_and_reuses_buffers(McapCompression compression)
    {
        var sample = McapSample.Write(new McapWriterOptions { Compression = compression, ChunkSize = 8192, Library = "test" }, 400);
        Assert.True(sample.ChunkCount > 10);
        var expected = sample.InLogTimeOrder();
        using var reader = new McapReader(new MemoryStream(sample.Bytes), new McapReaderOptions { LeaseChunkBuffers = true });
        var buffers = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        var i = 0;
        foreach (var message in reader.ReadMessages())
        {
            Assert.NotNull(message.Lease);
            Assert.Equal(expected[i].ChannelId, message.ChannelId);
            Assert.Equal(expected[i].LogTime, message.LogTime);
            Assert.True(expected[i].Data.Span.SequenceEqual(message.Data.Span), $"message {i} differs");
            if (message.Data.Length > 0)
            {
                Assert.True(MemoryMarshal.TryGetArray(message.Data, out var segment));
                buffers.Add(segment.Array!);
            }

            message.Release();
            i++;
        }

        Assert.Equal(expected.Count, i);
        // Released as read: a handful of buffers serve every chunk (those of the chunks that overlap in time, as the
        // sample's early-logged messages make them, plus one replaced when a later chunk is larger).
        Assert.InRange(buffers.Count, 1, 8);
        Assert.InRange(reader.ChunkBuffersAllocated, 1, 8);
        Assert.True(sample.ChunkCount > 4 * reader.ChunkBuffersAllocated, $"{reader.ChunkBuffersAllocated} buffers for {sample.ChunkCount} chunks");
    }

    [Fact]
    public void Messages_held_unreleased_keep_their_bytes_while_later_chunks_are_read()
    {
        var sample = McapSample.Write(new McapWriterOptions { Compression = McapCompression.Zstd, ChunkSize = 4096, Library = "test" }, 300);
        var expected = sample.InLogTimeOrder();
        using var reader = new McapReader(new MemoryStream(sample.Bytes), new McapReaderOptions { LeaseChunkBuffers = true });
        var held = reader.ReadMessages().ToList();
        Assert.Equal(expected.Count, held.Count);
        // Nothing was released, so no buffer could be reused: every message still reads what was written.
        for (var i = 0; i < held.Count; i++)
        {
            Assert.True(expected[i].Data.Span.SequenceEqual(held[i].Data.Span), $"message {i} was overwritten");
        }

        Assert.Equal(sample.ChunkCount, reader.ChunkBuffersAllocated);
    }

    [Fact]
    public void Releasing_a_message_twice_is_an_error_and_default_reads_copy_without_leases()
    {
        var sample = McapSample.Write(new McapWriterOptions { Compression = McapCompression.Lz4, ChunkSize = 4096, Library = "test" }, 100);
        using (var leased = new McapReader(new MemoryStream(sample.Bytes), new McapReaderOptions { LeaseChunkBuffers = true }))
        {
            var messages = leased.ReadMessages().ToList();
            var sameChunk = messages.Where(m => ReferenceEquals(m.Lease, messages[0].Lease)).ToList();
            Assert.True(sameChunk.Count >= 2);
            foreach (var m in sameChunk)
            {
                m.Release();
            }

            Assert.Equal(0, sameChunk[0].Lease!.Outstanding);
            Assert.Throws<InvalidOperationException>(() => sameChunk[0].Release());
        }

        using var plain = new McapReader(new MemoryStream(sample.Bytes));
        Assert.All(plain.ReadMessages(), m => Assert.Null(m.Lease));
    }
}
