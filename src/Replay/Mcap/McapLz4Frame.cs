using System.Buffers.Binary;
using System.IO.Hashing;
using K4os.Compression.LZ4;

namespace RovDsp.Replay.Mcap;

/// <summary>
/// The LZ4 frame format (lz4 project, doc/lz4_Frame_format.md) on top of K4os' raw block codec: frames are written
/// and read straight into caller buffers, with no per-chunk encoder/decoder objects or block buffers (K4os' own
/// LZ4Frame allocates both per call, which dominated small-chunk reads). Writes independent 4 MiB-max blocks with the
/// content size; reads any conforming frame: linked or independent blocks, 64 KiB-4 MiB, optional checksums (skipped),
/// uncompressed blocks, concatenated and skippable frames.
/// </summary>
internal static class McapLz4Frame
{
    private const uint FrameMagic = 0x184D2204;
    private const uint SkippableMagicMask = 0xFFFFFFF0;
    private const uint SkippableMagic = 0x184D2A50;
    private const int MaxBlockSize = 4 << 20;
    private const int WindowSize = 64 * 1024;

    /// <summary>Spare room after a block's output: see <see cref="Decode"/>.</summary>
    private const int OutputSlack = 64;

    [ThreadStatic]
    private static byte[]? t_blockBuffer;

    /// <summary>Upper bound of the encoded size of <paramref name="length"/> bytes.</summary>
    public static int MaxEncodedLength(int length)
    {
        int blocks = Math.Max(1, (length + MaxBlockSize - 1) / MaxBlockSize);
        return 4 + 2 + 8 + 1 + (blocks * 4) + LZ4Codec.MaximumOutputSize(length) + (blocks * 16) + 4;
    }

    /// <summary>Encodes <paramref name="source"/> as one frame into <paramref name="target"/>; returns bytes written.</summary>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> target, LZ4Level level)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(target, FrameMagic);
        // FLG: version 01, independent blocks, content size present. BD: 4 MiB maximum block size.
        target[4] = 0b0110_1000;
        target[5] = 0b0111_0000;
        BinaryPrimitives.WriteUInt64LittleEndian(target[6..], (ulong)source.Length);
        target[14] = (byte)(XxHash32.HashToUInt32(target[4..14]) >> 8);
        int position = 15;
        while (!source.IsEmpty)
        {
            ReadOnlySpan<byte> block = source[..Math.Min(source.Length, MaxBlockSize)];
            source = source[block.Length..];
            Span<byte> payload = target[(position + 4)..];
            int encoded = LZ4Codec.Encode(block, payload, level);
            if (encoded <= 0 || encoded >= block.Length)
            {
                // Incompressible: store the block as is (high bit of the size).
                block.CopyTo(payload);
                BinaryPrimitives.WriteUInt32LittleEndian(target[position..], (uint)block.Length | 0x8000_0000u);
                position += 4 + block.Length;
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(target[position..], (uint)encoded);
                position += 4 + encoded;
            }
        }
        BinaryPrimitives.WriteUInt32LittleEndian(target[position..], 0);
        return position + 4;
    }

    /// <summary>
    /// Decodes the frame(s) in <paramref name="source"/> into <paramref name="target"/>, which must be exactly the
    /// declared uncompressed size. Throws <see cref="McapFormatException"/> on any inconsistency.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> source, Span<byte> target, long fileOffset)
    {
        int written = 0;
        int position = 0;
        bool sawFrame = false;
        while (position < source.Length)
        {
            uint magic = ReadU32(source, ref position, fileOffset, "frame magic");
            if ((magic & SkippableMagicMask) == SkippableMagic)
            {
                uint skip = ReadU32(source, ref position, fileOffset, "skippable frame size");
                if (skip > (uint)(source.Length - position))
                {
                    throw Error(fileOffset, "skippable LZ4 frame runs past the data");
                }
                position += (int)skip;
                continue;
            }
            if (magic != FrameMagic)
            {
                throw Error(fileOffset, $"not an LZ4 frame (magic 0x{magic:X8} at byte {position - 4} of the chunk records)");
            }
            sawFrame = true;
            if (source.Length - position < 3)
            {
                throw Error(fileOffset, "truncated LZ4 frame descriptor");
            }
            byte flg = source[position];
            byte bd = source[position + 1];
            if (flg >> 6 != 1 || (flg & 0b10) != 0 || (bd & 0b1000_1111) != 0 || (bd >> 4) < 4)
            {
                throw Error(fileOffset, $"unsupported LZ4 frame descriptor FLG 0x{flg:X2} BD 0x{bd:X2}");
            }
            bool independent = (flg & 0b0010_0000) != 0;
            bool blockChecksum = (flg & 0b0001_0000) != 0;
            bool contentSize = (flg & 0b0000_1000) != 0;
            bool contentChecksum = (flg & 0b0000_0100) != 0;
            bool dictionaryId = (flg & 0b0000_0001) != 0;
            int blockMax = 1 << (8 + (2 * (bd >> 4)));
            int descriptor = 2 + (contentSize ? 8 : 0) + (dictionaryId ? 4 : 0) + 1;
            if (source.Length - position < descriptor)
            {
                throw Error(fileOffset, "truncated LZ4 frame descriptor");
            }
            if (dictionaryId)
            {
                throw Error(fileOffset, "LZ4 frames with a dictionary id are not supported");
            }
            if (contentSize && BinaryPrimitives.ReadUInt64LittleEndian(source[(position + 2)..]) > (ulong)(target.Length - written))
            {
                throw Error(fileOffset, "LZ4 frame content size exceeds the chunk's uncompressed size");
            }
            byte headerChecksum = (byte)(XxHash32.HashToUInt32(source.Slice(position, descriptor - 1)) >> 8);
            if (source[position + descriptor - 1] != headerChecksum)
            {
                throw Error(fileOffset, "LZ4 frame descriptor checksum mismatch");
            }
            position += descriptor;
            int frameStart = written;
            while (true)
            {
                uint header = ReadU32(source, ref position, fileOffset, "block size");
                if (header == 0)
                {
                    break;
                }
                bool stored = (header & 0x8000_0000u) != 0;
                int size = (int)(header & 0x7FFF_FFFFu);
                if (size > blockMax || size > source.Length - position)
                {
                    throw Error(fileOffset, $"LZ4 block of {size} bytes exceeds the frame's block size or the data");
                }
                ReadOnlySpan<byte> block = source.Slice(position, size);
                position += size + (blockChecksum ? 4 : 0);
                if (position > source.Length)
                {
                    throw Error(fileOffset, "truncated LZ4 block checksum");
                }
                Span<byte> output = target.Slice(written, Math.Min(blockMax, target.Length - written));
                int decoded;
                if (stored)
                {
                    if (size > output.Length)
                    {
                        throw Error(fileOffset, "LZ4 data decodes past the chunk's uncompressed size");
                    }
                    block.CopyTo(output);
                    decoded = size;
                }
                else
                {
                    // Some encoders (lz4js, used by @mcap/core users) end blocks with a match closer to the end than
                    // the block format allows; the reference decoder only objects when the output buffer ends exactly
                    // there. Decoding into a buffer with a little spare room accepts such blocks, as LZ4 frame
                    // decoders (with their block-size buffers) do; the result is then copied into place.
                    int room = output.Length + OutputSlack;
                    byte[] buffer = t_blockBuffer is { } b && b.Length >= room ? b : (t_blockBuffer = new byte[Math.Max(room, 64 * 1024)]);
                    // Linked blocks may refer back up to 64 KiB into earlier output of the same frame.
                    int dictionaryStart = independent ? written : Math.Max(frameStart, written - WindowSize);
                    decoded = LZ4Codec.Decode(block, buffer.AsSpan(0, room), target[dictionaryStart..written]);
                    if (decoded < 0 || decoded > output.Length)
                    {
                        throw Error(fileOffset, "corrupt LZ4 block (or it decodes past the chunk's uncompressed size)");
                    }
                    buffer.AsSpan(0, decoded).CopyTo(output);
                }
                written += decoded;
            }
            position += contentChecksum ? 4 : 0;
            if (position > source.Length)
            {
                throw Error(fileOffset, "truncated LZ4 content checksum");
            }
        }
        if (!sawFrame || written != target.Length)
        {
            throw Error(fileOffset, $"LZ4 data decodes to {written} bytes, chunk declares {target.Length}");
        }
    }

    private static uint ReadU32(ReadOnlySpan<byte> source, ref int position, long fileOffset, string what)
    {
        if (source.Length - position < 4)
        {
            throw Error(fileOffset, $"truncated LZ4 frame ({what})");
        }
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(source[position..]);
        position += 4;
        return value;
    }

    private static McapFormatException Error(long fileOffset, string message) => new(message, fileOffset, "Chunk");
}
