using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;
using RovDsp.Processing.Compression;

namespace RovDsp.Benchmarks.Png.Previous;

/// <summary>
/// Frozen baseline, kept only for <see cref="PngEncoderBenchmarks"/>: the bridge's PNG encoder as it was before
/// <c>RunLengthDeflater</c> (commit d33fefb), deflating with the runtime's zlib (level 1, run-length strategy).
/// Do not change it: it is what the new encoder's time and size are measured against.
/// A PNG encoder for 8-bit grey and RGB display images (PNG specification, W3C 2nd ed., 2003): signature, IHDR,
/// one IDAT and IEND, each chunk with the zlib CRC-32 over its type and data. Every row is filtered with filter
/// type 2 (Up, the byte minus the byte above; the first row sees a row of zeros): sonar fans and waterfalls are
/// smooth down the image and mostly black outside the sector, so Up leaves long runs of zeros, and unlike the
/// adaptive (Paeth) choice StbImageWrite makes it is one vectorised subtraction per row. The filtered rows are
/// deflated by the runtime's zlib at level 1 with the run-length strategy.
/// </summary>
/// <remarks>
/// Reusable: the filtered rows and the output live in buffers owned by the encoder and grown only when an image
/// is larger than any before it, so in steady state the only per-image allocation is the runtime's
/// <see cref="ZLibStream"/> (a small object and zlib's native state; .NET 10 has no reusable deflater). The
/// output is deterministic: same pixels, same bytes. Not thread-safe: one encoder per image feed.
/// </remarks>
internal sealed class ZlibPngEncoder
{
    /// <summary>PNG signature (spec 5.2).</summary>
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Bytes before the IDAT data: signature (8), IHDR chunk (4 + 4 + 13 + 4), IDAT length and type (8).</summary>
    private const int HeaderSize = 8 + 25 + 8;

    /// <summary>IDAT CRC (4) and the IEND chunk (12).</summary>
    private const int TrailerSize = 4 + 12;

    private const byte FilterUp = 2;

    /// <summary>
    /// zlib level 1 with the run-length strategy (matches at distance 1 only): after filter Up a sonar image is runs
    /// of zeros (black outside the sector, smooth areas) and speckle that no longer match finds, so searching for
    /// matches further back costs time and buys nothing. Measured on a 512 × 512 fan and a 400 × 400 scan image:
    /// 29 % and 10 % smaller and 0–30 % faster than level 1's default strategy.
    /// </summary>
    private static readonly ZLibCompressionOptions Options = new()
    {
        CompressionLevel = 1,
        CompressionStrategy = ZLibCompressionStrategy.RunLengthEncoding,
    };

    private byte[] _filtered = [];
    private readonly MemoryStream _output = new(64 * 1024);

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

        _output.SetLength(0);
        Span<byte> header = stackalloc byte[HeaderSize];
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
        _output.Write(header);
        using (var zlib = new ZLibStream(_output, Options, leaveOpen: true))
        {
            zlib.Write(_filtered, 0, filteredLength);
        }

        var dataLength = checked((int)_output.Length - HeaderSize);
        Span<byte> trailer = stackalloc byte[TrailerSize];
        _output.Write(trailer);
        var buffer = _output.GetBuffer();
        var total = (int)_output.Length;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(HeaderSize - 8), (uint)dataLength);
        // The CRC covers the chunk type and data, not the length (spec 5.3).
        var crc = Crc32.HashToUInt32(buffer.AsSpan(HeaderSize - 4, dataLength + 4));
        var tail = buffer.AsSpan(HeaderSize + dataLength, TrailerSize);
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
        BinaryPrimitives.WriteUInt32BigEndian(tail[4..], 0);
        "IEND"u8.CopyTo(tail[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(tail[12..], Crc32.HashToUInt32("IEND"u8));
        Encoded++;
        return buffer.AsMemory(0, total);
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
            Subtract(row, above, output[1..]);
        }
    }

    private static void Subtract(ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, Span<byte> output)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<byte>.Count)
        {
            var a = MemoryMarshal.Cast<byte, Vector<byte>>(row);
            var b = MemoryMarshal.Cast<byte, Vector<byte>>(above);
            for (var i = 0; i < a.Length; i++)
            {
                // Wrapping byte subtraction, as the specification's "modulo 256".
                (a[i] - b[i]).CopyTo(output[(i * Vector<byte>.Count)..]);
            }

            x = a.Length * Vector<byte>.Count;
        }

        for (; x < row.Length; x++)
        {
            output[x] = unchecked((byte)(row[x] - above[x]));
        }
    }
}
