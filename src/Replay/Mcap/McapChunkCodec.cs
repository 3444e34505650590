using K4os.Compression.LZ4;
using ZstdSharp;

namespace RovDsp.Replay.Mcap;

/// <summary>
/// Chunk compression and decompression. "lz4" is the LZ4 frame format (<see cref="McapLz4Frame"/> over K4os' block
/// codec), "zstd" a Zstandard frame
/// (ZstdSharp). The zstd compressor and decompressor are kept and reused; decompression validates the declared
/// uncompressed size before allocating (LZ4 cannot expand more than 255:1; a zstd frame states its content size),
/// and any failure of the third-party decoders is reported as <see cref="McapFormatException"/>.
/// </summary>
internal sealed class McapChunkCodec : IDisposable
{
    /// <summary>Worst-case LZ4 expansion: a match length byte of 255 adds 255 output bytes (LZ4 block format).</summary>
    private const long Lz4MaxRatio = 255;

    /// <summary>Largest ratio trusted for a zstd frame that does not state its content size.</summary>
    private const long ZstdUnknownSizeMaxRatio = 4096;

    private readonly int _zstdLevel;
    private readonly LZ4Level _lz4Level;
    // The zstd decompression context is kept per thread rather than per reader: opening many small files (a player
    // seeking, the fuzz tests) would otherwise build one for each.
    [ThreadStatic]
    private static Decompressor? t_zstdDecompressor;

    private Compressor? _zstdCompressor;
    private byte[] _output = [];

    /// <summary>Creates a codec with the given zstd level (1-22) and LZ4 level.</summary>
    public McapChunkCodec(int zstdLevel = 3, LZ4Level lz4Level = LZ4Level.L00_FAST)
    {
        _zstdLevel = zstdLevel;
        _lz4Level = lz4Level;
    }

    /// <summary>The chunk compression string for <paramref name="compression"/>.</summary>
    public static string Name(McapCompression compression) => compression switch
    {
        McapCompression.Lz4 => "lz4",
        McapCompression.Zstd => "zstd",
        _ => string.Empty,
    };

    /// <summary>Compresses <paramref name="source"/> into <paramref name="target"/> (cleared first).</summary>
    public void Compress(McapCompression compression, ReadOnlySpan<byte> source, McapByteBuffer target)
    {
        target.Clear();
        switch (compression)
        {
            case McapCompression.Lz4:
            {
                int bound = McapLz4Frame.MaxEncodedLength(source.Length);
                target.Ensure(bound);
                target.Advance(McapLz4Frame.Encode(source, target.GetSpan(bound), _lz4Level));
                break;
            }
            case McapCompression.Zstd:
            {
                _zstdCompressor ??= new Compressor(_zstdLevel);
                int bound = Compressor.GetCompressBound(source.Length);
                target.Ensure(bound);
                int written = _zstdCompressor.Wrap(source, target.GetSpan(bound));
                target.Advance(written);
                break;
            }
            default:
                target.Raw(source);
                break;
        }
    }

    /// <summary>
    /// Decompresses a chunk's records into this codec's reused output buffer (an uncompressed chunk is returned as is).
    /// The result is valid until the next call: callers copy out what they keep. Reusing the buffer matters: a fresh
    /// megabyte-sized array per chunk is a large-object allocation whose first touch page-faults, which cost more
    /// than the decompression itself.
    /// </summary>
    /// <param name="compression">The chunk's compression string.</param>
    /// <param name="source">The stored records.</param>
    /// <param name="uncompressedSize">The size the chunk declares.</param>
    /// <param name="maxSize">Largest uncompressed chunk accepted.</param>
    /// <param name="fileOffset">The chunk's offset, for error messages.</param>
    /// <param name="pool">When given, the records go into a buffer rented from it (returned by the caller) instead of
    /// the reused one, an uncompressed chunk included.</param>
    public ReadOnlyMemory<byte> Decompress(string compression, ReadOnlyMemory<byte> source, ulong uncompressedSize, long maxSize, long fileOffset,
        McapBufferPool? pool = null)
    {
        if (uncompressedSize > (ulong)maxSize)
        {
            throw new McapFormatException(
                $"uncompressed_size {uncompressedSize} exceeds the reader's limit of {maxSize} bytes", fileOffset, "Chunk");
        }
        int size = (int)uncompressedSize;
        switch (compression)
        {
            case "":
                if (uncompressedSize != (ulong)source.Length)
                {
                    throw new McapFormatException(
                        $"uncompressed chunk declares {uncompressedSize} bytes but holds {source.Length}", fileOffset, "Chunk");
                }
                if (pool is null)
                {
                    return source;
                }

                // The stored records live in the reader's reused record buffer: a leased chunk needs its own copy.
                var copy = Target();
                source.CopyTo(copy);
                return copy;
            case "lz4":
                return DecompressLz4(source.Span, Target(), fileOffset);
            case "zstd":
                return DecompressZstd(source.Span, Target(), fileOffset);
            default:
                throw new McapFormatException($"unsupported chunk compression '{compression}'", fileOffset, "Chunk");
        }

        Memory<byte> Target() => pool is null ? Output(size) : pool.Rent(size).AsMemory(0, size);
    }

    private Memory<byte> Output(int size)
    {
        if (_output.Length < size)
        {
            // Uninitialized: both decoders check that they filled every byte.
            _output = GC.AllocateUninitializedArray<byte>(size);
        }
        return _output.AsMemory(0, size);
    }

    private static Memory<byte> DecompressLz4(ReadOnlySpan<byte> source, Memory<byte> output, long fileOffset)
    {
        int size = output.Length;
        if (size > source.Length * Lz4MaxRatio + 4096)
        {
            throw new McapFormatException(
                $"uncompressed_size {size} is impossible for {source.Length} bytes of LZ4 data", fileOffset, "Chunk");
        }
        try
        {
            McapLz4Frame.Decode(source, output.Span, fileOffset);
        }
        catch (Exception e) when (e is not (McapFormatException or OutOfMemoryException))
        {
            throw new McapFormatException($"LZ4 frame does not decode: {e.Message}", fileOffset, "Chunk", e);
        }
        return output;
    }

    private static Memory<byte> DecompressZstd(ReadOnlySpan<byte> source, Memory<byte> output, long fileOffset)
    {
        int size = output.Length;
        ulong frameSize;
        try
        {
            frameSize = Decompressor.GetDecompressedSize(source);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new McapFormatException($"zstd frame header is invalid: {e.Message}", fileOffset, "Chunk", e);
        }
        bool sizeKnown = frameSize != 0 && frameSize < ulong.MaxValue - 1;
        if (!sizeKnown && size > source.Length * ZstdUnknownSizeMaxRatio + (1 << 20))
        {
            // One-shot zstd compressors always store the content size; without it the declared size is only trusted
            // up to a ratio no sensor data reaches, so a corrupt size cannot force a huge allocation.
            throw new McapFormatException(
                $"uncompressed_size {size} is implausible for {source.Length} bytes of zstd data without a content size",
                fileOffset, "Chunk");
        }
        if (sizeKnown && frameSize != (ulong)size)
        {
            throw new McapFormatException(
                $"zstd frame holds {frameSize} bytes, chunk declares {size}", fileOffset, "Chunk");
        }
        int written;
        try
        {
            t_zstdDecompressor ??= new Decompressor();
            written = t_zstdDecompressor.Unwrap(source, output.Span);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new McapFormatException($"zstd frame does not decode: {e.Message}", fileOffset, "Chunk", e);
        }
        if (written != size)
        {
            throw new McapFormatException($"zstd frame decodes to {written} bytes, chunk declares {size}", fileOffset, "Chunk");
        }
        return output;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _zstdCompressor?.Dispose();
    }
}
