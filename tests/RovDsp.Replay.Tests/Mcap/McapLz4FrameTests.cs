using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Streams;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Tests.Mcap;

/// <summary>
/// Our LZ4 frame reader/writer against K4os' independent frame implementation, over the frame options other writers
/// use: linked and independent blocks, 64 KiB to 4 MiB blocks, block and content checksums, content size or not.
/// (lz4js frames, linked 4 MiB blocks without checksums, are covered by the @mcap/core interop tests.)
/// </summary>
public class McapLz4FrameTests
{
    public static TheoryData<int, bool, bool, bool, int> Settings => new()
    {
        { 64 * 1024, true, false, false, 300_000 },
        { 64 * 1024, false, true, true, 300_000 },
        { 256 * 1024, true, true, false, 1_000_000 },
        { 1024 * 1024, false, false, true, 100 },
        { 4 * 1024 * 1024, true, false, false, 0 },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Frames_from_K4os_decode_to_the_original_bytes(int blockSize, bool chained, bool blockChecksum, bool contentChecksum, int length)
    {
        byte[] data = Data(length, 11);
        var settings = new LZ4EncoderSettings
        {
            BlockSize = blockSize, ChainBlocks = chained, BlockChecksum = blockChecksum, ContentChecksum = contentChecksum,
        };
        var encoded = new System.Buffers.ArrayBufferWriter<byte>();
        LZ4Frame.Encode(data, encoded, settings);
        byte[] decoded = new byte[length];
        McapLz4Frame.Decode(encoded.WrittenSpan, decoded, 0);
        Assert.Equal(data, decoded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(70_000)]
    [InlineData(5_000_000)]
    public void Our_frames_decode_with_K4os_to_the_original_bytes(int length)
    {
        byte[] data = Data(length, 5);
        byte[] frame = new byte[McapLz4Frame.MaxEncodedLength(length)];
        int size = McapLz4Frame.Encode(data, frame, LZ4Level.L00_FAST);
        var decoded = new System.Buffers.ArrayBufferWriter<byte>();
        LZ4Frame.Decode(frame.AsSpan(0, size), decoded);
        Assert.Equal(data, decoded.WrittenSpan.ToArray());
        byte[] ours = new byte[length];
        McapLz4Frame.Decode(frame.AsSpan(0, size), ours, 0);
        Assert.Equal(data, ours);
    }

    [Fact]
    public void Incompressible_blocks_are_stored_and_random_data_round_trips()
    {
        var random = new Random(3);
        byte[] data = new byte[100_000];
        random.NextBytes(data);
        byte[] frame = new byte[McapLz4Frame.MaxEncodedLength(data.Length)];
        int size = McapLz4Frame.Encode(data, frame, LZ4Level.L00_FAST);
        Assert.True(size <= data.Length + 32);
        byte[] decoded = new byte[data.Length];
        McapLz4Frame.Decode(frame.AsSpan(0, size), decoded, 0);
        Assert.Equal(data, decoded);
    }

    [Fact]
    public void A_wrong_declared_size_or_bad_magic_is_a_format_error()
    {
        byte[] data = Data(10_000, 2);
        byte[] frame = new byte[McapLz4Frame.MaxEncodedLength(data.Length)];
        int size = McapLz4Frame.Encode(data, frame, LZ4Level.L00_FAST);
        Assert.Throws<McapFormatException>(() => McapLz4Frame.Decode(frame.AsSpan(0, size), new byte[9_999], 0));
        Assert.Throws<McapFormatException>(() => McapLz4Frame.Decode(frame.AsSpan(0, size), new byte[10_001], 0));
        frame[0] ^= 1;
        Assert.Equal(77, Assert.Throws<McapFormatException>(() => McapLz4Frame.Decode(frame.AsSpan(0, size), new byte[10_000], 77)).Offset);
    }

    private static byte[] Data(int length, int seed)
    {
        var random = new Random(seed);
        byte[] data = new byte[length];
        byte v = 0;
        for (int i = 0; i < length; i++)
        {
            if (random.Next(5) == 0)
            {
                v = (byte)random.Next(256);
            }
            data[i] = v;
        }
        return data;
    }
}
