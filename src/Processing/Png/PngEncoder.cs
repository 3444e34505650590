using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics.Tensors;
using RovDsp.Processing.Compression;

namespace RovDsp.Processing.Png;

/// <summary>
/// A PNG encoder for 8-bit grey and RGB display images (PNG specification, W3C 2nd ed., 2003): signature, IHDR,
/// one IDAT and IEND, each chunk with the zlib CRC-32 over its type and data. Every row is filtered with filter
/// type 2 (Up, the byte minus the byte above; the first row sees a row of zeros): sonar fans and waterfalls are
/// smooth down the image and mostly black outside the sector, so Up leaves long runs of zeros, and unlike the
/// adaptive (Paeth) choice StbImageWrite makes it is one vectorised subtraction per row. The filtered rows are
/// deflated by <see cref="RunLengthDeflater"/>: run-length matches only and one dynamic-Huffman block, the choice
/// zlib's run-length strategy made for these images, without zlib's general-purpose machinery (several times
/// faster, within a few percent of its size).
/// </summary>
/// <remarks>
/// Reusable: the filtered rows and the output live in buffers owned by the encoder and grown only when an image is
/// larger than any before it (the deflater's token lists when it has more runs than any before it), so in steady
/// state an image allocates nothing. The output is deterministic: same pixels, same bytes. Not thread-safe: one
/// encoder per image feed.
/// </remarks>
public sealed class PngEncoder
{
    /// <summary>PNG signature (spec 5.2).</summary>
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Bytes before the IDAT data: signature (8), IHDR chunk (4 + 4 + 13 + 4), IDAT length and type (8).</summary>
    private const int HeaderSize = 8 + 25 + 8;

    /// <summary>IDAT CRC (4) and the IEND chunk (12).</summary>
    private const int TrailerSize = 4 + 12;

    private const byte FilterUp = 2;

    private readonly RunLengthDeflater _deflater = new();
    private byte[] _filtered = [];
    private byte[] _output = [];

    /// <summary>Images encoded.</summary>
    public long Encoded { get; private set; }

    /// <summary>Encodes an 8-bit image; the result is valid until the next call.</summary>
    /// <param name="pixels">Rows top to bottom, <paramref name="width"/> × <paramref name="channels"/> bytes each.</param>
    /// <param name="width">Width in pixels, &gt;= 1.</param>
    /// <param name="height">Height in pixels, &gt;= 1.</param>
    /// <param name="channels">1 (grey, colour type 0) or 3 (RGB, colour type 2).</param>
    public ReadOnlyMemory<byte> Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 (grey) or 3 (RGB)");
        }

        var stride = checked(width * channels);
        var needed = checked(stride * height);
        if (pixels.Length < needed)
        {
            throw new ArgumentException($"the image needs {needed} bytes, got {pixels.Length}", nameof(pixels));
        }

        var filteredLength = checked((stride + 1) * height);
        if (_filtered.Length < filteredLength)
        {
            _filtered = new byte[filteredLength];
        }

        Filter(pixels, stride, height, _filtered);

        var capacity = checked(HeaderSize + RunLengthDeflater.MaxCompressedLength(filteredLength) + TrailerSize);
        if (_output.Length < capacity)
        {
            _output = new byte[capacity];
        }

        var header = _output.AsSpan(0, HeaderSize);
        Signature.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], 13);
        "IHDR"u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32BigEndian(header[16..], (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header[20..], (uint)height);
        header[24] = 8; // bit depth
        header[25] = channels == 1 ? (byte)0 : (byte)2; // colour type: grey or truecolour
        header[26] = 0; // compression: deflate
        header[27] = 0; // filter method: adaptive (five types)
        header[28] = 0; // no interlace
        BinaryPrimitives.WriteUInt32BigEndian(header[29..], Crc32.HashToUInt32(header[12..29]));
        "IDAT"u8.CopyTo(header[37..]);
        var dataLength = _deflater.Compress(_filtered.AsSpan(0, filteredLength), _output.AsSpan(HeaderSize, capacity - HeaderSize - TrailerSize));
        BinaryPrimitives.WriteUInt32BigEndian(header[33..], (uint)dataLength);
        // The CRC covers the chunk type and data, not the length (spec 5.3).
        var crc = Crc32.HashToUInt32(_output.AsSpan(HeaderSize - 4, dataLength + 4));
        var tail = _output.AsSpan(HeaderSize + dataLength, TrailerSize);
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
        BinaryPrimitives.WriteUInt32BigEndian(tail[4..], 0);
        "IEND"u8.CopyTo(tail[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(tail[12..], Crc32.HashToUInt32("IEND"u8));
        Encoded++;
        return _output.AsMemory(0, HeaderSize + dataLength + TrailerSize);
    }

    /// <summary>Filter type Up on every row: <c>out[x] = row[x] - above[x]</c> (mod 256), the first row unchanged.</summary>
    private static void Filter(ReadOnlySpan<byte> pixels, int stride, int height, Span<byte> filtered)
    {
        filtered[0] = FilterUp;
        pixels[..stride].CopyTo(filtered[1..]);
        for (var y = 1; y < height; y++)
        {
            var above = pixels.Slice((y - 1) * stride, stride);
            var row = pixels.Slice(y * stride, stride);
            var output = filtered.Slice(y * (stride + 1), stride + 1);
            output[0] = FilterUp;
            // Wrapping byte subtraction, the specification's "modulo 256": byte's - operator wraps, and
            // TensorPrimitives runs it at the widest vector width the machine has.
            TensorPrimitives.Subtract(row, above, output[1..]);
        }
    }
}
