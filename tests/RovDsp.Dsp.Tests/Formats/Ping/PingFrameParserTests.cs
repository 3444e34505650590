using RovDsp.Dsp.Formats.Ping;
using Xunit;

namespace RovDsp.Dsp.Tests.Formats.Ping;

public sealed class PingFrameParserTests
{
    private sealed record Captured(ushort Id, byte Src, byte Dst, byte[] Payload);

    private static List<Captured> ParseAll(PingFrameParser parser, ReadOnlySpan<byte> data)
    {
        var list = new List<Captured>();
        parser.Process(data, f => list.Add(new Captured(f.MessageId, f.SourceId, f.DestinationId, f.Payload.ToArray())));
        return list;
    }

    [Fact]
    public void Checksum_matches_published_vectors()
    {
        // ping-rs packer.rs: 0x00a1, 0x00a2, 0x015b; ping-cpp test-message.cpp: 550 and 1502.
        Assert.Equal(0x00a1, PingFraming.Checksum(PingTestVectors.GeneralRequest5.AsSpan(0, 10)));
        Assert.Equal(0x00a2, PingFraming.Checksum(PingTestVectors.GeneralRequest5Dst1.AsSpan(0, 10)));
        Assert.Equal(0x015b, PingFraming.Checksum(PingTestVectors.GeneralRequest1211.AsSpan(0, 10)));
        Assert.Equal(550, PingFraming.Checksum(PingTestVectors.ProtocolVersion.AsSpan(0, 12)));
        Assert.Equal(1502, PingFraming.Checksum(PingTestVectors.Profile.AsSpan(0, PingTestVectors.Profile.Length - 2)));
    }

    [Fact]
    public void Checksum_wraps_modulo_65536()
    {
        var data = new byte[300];
        Array.Fill(data, (byte)0xFF);
        Assert.Equal((ushort)(300 * 255 % 65536), PingFraming.Checksum(data));
    }

    [Fact]
    public void Vectorized_checksum_matches_plain_byte_sum()
    {
        // Lengths around the 16/32/64-byte vector widths and a maximum-size frame of 0xFF bytes (lane wrap-around).
        var rng = new Random(99);
        var data = new byte[PingFraming.FrameLength(PingFraming.MaxPayloadLength)];
        rng.NextBytes(data);
        int[] lengths = [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 4097, data.Length];
        foreach (int n in lengths)
        {
            long plain = 0;
            for (int i = 0; i < n; i++)
            {
                plain += data[i];
            }

            Assert.Equal((ushort)(plain % 65536), PingFraming.Checksum(data.AsSpan(0, n)));
            // Unaligned start: the same bytes less the first.
            if (n > 0)
            {
                Assert.Equal((ushort)((plain - data[0]) % 65536), PingFraming.Checksum(data.AsSpan(1, n - 1)));
            }
        }

        Array.Fill(data, (byte)0xFF);
        Assert.Equal((ushort)((long)data.Length * 255 % 65536), PingFraming.Checksum(data));
    }

    [Fact]
    public void Parses_published_frames_with_header_fields()
    {
        var parser = new PingFrameParser();
        var stream = PingTestVectors.GeneralRequest5.Concat(PingTestVectors.GeneralRequest5Dst1)
            .Concat(PingTestVectors.ProtocolVersion).Concat(PingTestVectors.Profile).ToArray();
        var frames = ParseAll(parser, stream);
        Assert.Equal(4, frames.Count);
        Assert.Equal((ushort)6, frames[0].Id);
        Assert.Equal((byte)0, frames[0].Src);
        Assert.Equal((byte)0, frames[0].Dst);
        Assert.Equal([5, 0], frames[0].Payload);
        Assert.Equal((ushort)6, frames[1].Id);
        Assert.Equal((byte)1, frames[1].Dst);
        Assert.Equal((ushort)5, frames[2].Id);
        Assert.Equal((byte)77, frames[2].Src);
        Assert.Equal((byte)211, frames[2].Dst);
        Assert.Equal([1, 2, 3, 99], frames[2].Payload);
        Assert.Equal((ushort)1300, frames[3].Id);
        Assert.Equal((byte)56, frames[3].Src);
        Assert.Equal((byte)45, frames[3].Dst);
        Assert.Equal(36, frames[3].Payload.Length);
        Assert.Equal(4, parser.Frames);
        Assert.Equal(0, parser.ChecksumErrors);
        Assert.Equal(0, parser.BytesDiscarded);
        Assert.Equal(0, parser.BufferedBytes);
    }

    [Fact]
    public void Writer_reproduces_published_frames()
    {
        Span<byte> buffer = stackalloc byte[64];
        int n = PingFrameWriter.Write(buffer, 6, 0, 0, [5, 0]);
        Assert.Equal(PingTestVectors.GeneralRequest5, buffer[..n].ToArray());
        n = PingFrameWriter.Write(buffer, 6, 0, 1, [5, 0]);
        Assert.Equal(PingTestVectors.GeneralRequest5Dst1, buffer[..n].ToArray());
        n = PingFrameWriter.Write(buffer, 6, 0, 0, [0xbb, 0x04]);
        Assert.Equal(PingTestVectors.GeneralRequest1211, buffer[..n].ToArray());
        n = PingFrameWriter.Write(buffer, 5, 77, 211, [1, 2, 3, 99]);
        Assert.Equal(PingTestVectors.ProtocolVersion, buffer[..n].ToArray());
        n = PingFrameWriter.Write(buffer, 1300, 56, 45, PingTestVectors.Profile.AsSpan(8, 36));
        Assert.Equal(PingTestVectors.Profile, buffer[..n].ToArray());
    }

    [Fact]
    public void Writer_rejects_small_destination()
    {
        var small = new byte[11];
        var ex = Assert.Throws<ArgumentException>(() => PingFrameWriter.Write(small, 6, 0, 0, [5, 0]));
        Assert.Equal("destination", ex.ParamName);
        var big = new byte[PingFraming.MaxPayloadLength + 1];
        ex = Assert.Throws<ArgumentException>(() => PingFrameWriter.Write(new byte[big.Length + 10], 6, 0, 0, big));
        Assert.Equal("payload", ex.ParamName);
    }

    [Fact]
    public void Constructor_and_process_reject_bad_arguments()
    {
        Assert.Equal("maxPayloadLength", Assert.Throws<ArgumentOutOfRangeException>(() => new PingFrameParser(-1)).ParamName);
        Assert.Equal("maxPayloadLength", Assert.Throws<ArgumentOutOfRangeException>(() => new PingFrameParser(65536)).ParamName);
        var parser = new PingFrameParser();
        Assert.Equal("onFrame", Assert.Throws<ArgumentNullException>(() => parser.Process([1], null!)).ParamName);
    }

    [Fact]
    public void Resynchronises_after_garbage()
    {
        // Garbage includes lone 'B's and a 'B','R' whose header never completes into a valid frame.
        byte[] garbage = [0x00, 0x42, 0x13, 0x42, 0x42, 0x52, 0x02, 0x00, 0x06, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x77];
        var stream = garbage.Concat(PingTestVectors.GeneralRequest5).Concat(garbage).Concat(PingTestVectors.ProtocolVersion).ToArray();
        var parser = new PingFrameParser();
        var frames = ParseAll(parser, stream);
        Assert.Equal(2, frames.Count);
        Assert.Equal((ushort)6, frames[0].Id);
        Assert.Equal((ushort)5, frames[1].Id);
        Assert.Equal(2 * garbage.Length, parser.BytesDiscarded);
        Assert.Equal(2, parser.ChecksumErrors);
    }

    [Fact]
    public void Resynchronises_after_corrupted_checksum_and_finds_frame_inside_it()
    {
        var bad = (byte[])PingTestVectors.Profile.Clone();
        bad[^1] ^= 0x01;
        // A valid frame hidden in the corrupted frame's payload must still be found (one-byte resync).
        var corruptedWithInner = (byte[])PingTestVectors.Profile.Clone();
        PingTestVectors.GeneralRequest5.CopyTo(corruptedWithInner, 34);
        var stream = bad.Concat(PingTestVectors.GeneralRequest1211).Concat(corruptedWithInner).ToArray();
        var parser = new PingFrameParser();
        var frames = ParseAll(parser, stream);
        Assert.Equal(2, frames.Count);
        Assert.Equal([0xbb, 0x04], frames[0].Payload);
        Assert.Equal([5, 0], frames[1].Payload);
        Assert.Equal(2, parser.ChecksumErrors);
        Assert.Equal(bad.Length + corruptedWithInner.Length - PingTestVectors.GeneralRequest5.Length, parser.BytesDiscarded);
    }

    [Fact]
    public void Oversized_length_is_counted_and_skipped()
    {
        var parser = new PingFrameParser(maxPayloadLength: 16);
        var stream = PingTestVectors.Profile.Concat(PingTestVectors.GeneralRequest5).ToArray();
        var frames = ParseAll(parser, stream);
        Assert.Single(frames);
        Assert.Equal((ushort)6, frames[0].Id);
        Assert.Equal(1, parser.Oversized);
        Assert.Equal(PingTestVectors.Profile.Length, parser.BytesDiscarded);
    }

    [Fact]
    public void Frame_split_at_every_boundary_gives_same_result()
    {
        var stream = PingTestVectors.Profile.Concat(PingTestVectors.ProtocolVersion).ToArray();
        var reference = ParseAll(new PingFrameParser(), stream);
        Assert.Equal(2, reference.Count);
        for (int a = 0; a <= stream.Length; a++)
        {
            for (int b = a; b <= stream.Length; b++)
            {
                var parser = new PingFrameParser();
                var got = new List<Captured>();
                got.AddRange(ParseAll(parser, stream.AsSpan(0, a)));
                got.AddRange(ParseAll(parser, stream.AsSpan(a, b - a)));
                got.AddRange(ParseAll(parser, stream.AsSpan(b)));
                Assert.Equal(reference.Count, got.Count);
                for (int i = 0; i < got.Count; i++)
                {
                    Assert.Equal(reference[i].Id, got[i].Id);
                    Assert.Equal(reference[i].Payload, got[i].Payload);
                }
            }
        }
    }

    [Fact]
    public void Byte_at_a_time_matches_whole_stream()
    {
        var stream = PingTestVectors.GeneralRequest5.Concat(PingTestVectors.Profile).Concat(PingTestVectors.GeneralRequest1211).ToArray();
        var parser = new PingFrameParser();
        var got = new List<Captured>();
        foreach (byte b in stream)
        {
            got.AddRange(ParseAll(parser, [b]));
        }

        Assert.Equal(3, got.Count);
        Assert.Equal(3, parser.Frames);
    }

    [Fact]
    public void Random_stream_never_throws_and_only_yields_valid_frames()
    {
        var rng = new Random(12345);
        var data = new byte[100_000];
        rng.NextBytes(data);
        // Sprinkle start sequences so candidate headers (mostly bogus) are common.
        for (int i = 0; i < 2000; i++)
        {
            int at = rng.Next(data.Length - 8);
            data[at] = 0x42;
            data[at + 1] = 0x52;
            data[at + 3] = (byte)rng.Next(2);
        }

        var parser = new PingFrameParser(maxPayloadLength: 600);
        long frames = 0;
        int offset = 0;
        while (offset < data.Length)
        {
            int n = Math.Min(rng.Next(1, 5000), data.Length - offset);
            frames += parser.Process(data.AsSpan(offset, n), f =>
            {
                // Rebuild the frame and check its checksum independently of the parser.
                var rebuilt = new byte[f.Payload.Length + 10];
                int len = PingFrameWriter.Write(rebuilt, f.MessageId, f.SourceId, f.DestinationId, f.Payload);
                Assert.Equal(rebuilt.Length, len);
                Assert.Equal(PingFraming.Checksum(rebuilt.AsSpan(0, len - 2)), (ushort)(rebuilt[len - 2] | (rebuilt[len - 1] << 8)));
            });
            offset += n;
        }

        Assert.Equal(parser.Frames, frames);
        Assert.True(parser.ChecksumErrors > 0);
        Assert.True(parser.Oversized > 0);
        // Every byte is either discarded, inside a delivered frame, or still buffered; none is lost or duplicated.
        Assert.True(parser.BytesDiscarded + parser.BufferedBytes <= data.Length);
    }

    [Fact]
    public void Random_stream_with_embedded_frames_finds_all_of_them()
    {
        var rng = new Random(7);
        var parts = new List<byte>();
        int embedded = 0;
        for (int i = 0; i < 200; i++)
        {
            var junk = new byte[rng.Next(0, 300)];
            rng.NextBytes(junk);
            // Junk without 'B' cannot create a false candidate that swallows the next real frame.
            for (int j = 0; j < junk.Length; j++)
            {
                if (junk[j] == 0x42)
                {
                    junk[j] = 0x41;
                }
            }

            parts.AddRange(junk);
            parts.AddRange(PingTestVectors.Profile);
            embedded++;
        }

        var parser = new PingFrameParser();
        int count = 0;
        parser.Process(parts.ToArray(), f => count += f.MessageId == 1300 ? 1 : 0);
        Assert.Equal(embedded, count);
        Assert.Equal(parts.Count - embedded * PingTestVectors.Profile.Length, parser.BytesDiscarded);
    }

    [Fact]
    public void Reset_drops_partial_frame_and_counters()
    {
        var parser = new PingFrameParser();
        ParseAll(parser, PingTestVectors.Profile.AsSpan(0, 20));
        Assert.Equal(20, parser.BufferedBytes);
        parser.Reset();
        Assert.Equal(0, parser.BufferedBytes);
        Assert.Equal(0, parser.BytesDiscarded);
        var frames = ParseAll(parser, PingTestVectors.ProtocolVersion);
        Assert.Single(frames);
        Assert.Equal(1, parser.Frames);
    }

    [Fact]
    public void Steady_state_allocates_nothing_per_frame()
    {
        var parser = new PingFrameParser();
        var stream = PingTestVectors.Profile.Concat(PingTestVectors.GeneralRequest5).Concat(new byte[] { 1, 2, 3 }).ToArray();
        long sum = 0;
        PingFrameHandler handler = f => sum += f.Payload.Length;
        for (int i = 0; i < 10; i++)
        {
            parser.Process(stream, handler);
            parser.Process(stream.AsSpan(0, 17), handler);
            parser.Process(stream.AsSpan(17), handler);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            parser.Process(stream, handler);
            parser.Process(stream.AsSpan(0, 17), handler);
            parser.Process(stream.AsSpan(17), handler);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(before, after);
        Assert.Equal(2 * 2020, parser.Frames);
        Assert.True(sum > 0);
    }
}
