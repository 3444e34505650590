using System.Buffers.Binary;
using System.IO.Compression;
using RovDsp.Bridge.Imaging;
using StbImageSharp;

namespace RovDsp.Bridge.Tests.Imaging;

/// <summary>Checks <see cref="PngEncoder"/>'s files with decoders that share none of its code: a PNG reader
/// written here from the specification (bitwise CRC-32, zlib inflate by the runtime, all five filter types undone)
/// and StbImageSharp, a third-party decoder.</summary>
public sealed class PngEncoderTests
{
    public static TheoryData<int, int, int, string> Images => new()
    {
        { 1, 1, 1, "noise" },
        { 37, 11, 1, "noise" },
        { 512, 512, 1, "fan" },
        { 300, 200, 1, "gradient" },
        { 5, 4, 3, "noise" },
        { 129, 65, 3, "gradient" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Decodes_to_the_same_pixels_with_valid_chunks(int width, int height, int channels, string pattern)
    {
        var pixels = Make(width, height, channels, pattern);
        var png = new PngEncoder().Encode(pixels, width, height, channels).ToArray();
        var (w, h, colourType, decoded) = SpecDecoder.Decode(png);
        Assert.Equal(width, w);
        Assert.Equal(height, h);
        Assert.Equal(channels == 1 ? 0 : 2, colourType);
        Assert.Equal(pixels, decoded);

        var stb = ImageResult.FromMemory(png, channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        Assert.Equal(width, stb.Width);
        Assert.Equal(height, stb.Height);
        Assert.Equal(pixels, stb.Data);
    }

    [Fact]
    public void Same_pixels_give_same_bytes_and_the_encoder_is_reusable_across_sizes()
    {
        var encoder = new PngEncoder();
        var big = Make(512, 512, 1, "fan");
        var small = Make(37, 11, 1, "noise");
        var first = encoder.Encode(big, 512, 512).ToArray();
        var between = encoder.Encode(small, 37, 11).ToArray();
        var second = encoder.Encode(big, 512, 512).ToArray();
        Assert.Equal(first, second);
        Assert.Equal(small, SpecDecoder.Decode(between).Pixels);
        Assert.Equal(3, encoder.Encoded);
    }

    [Fact]
    public void Fan_image_compresses_well()
    {
        // Outside the sector a fan is black: those pixels must cost next to nothing, and the speckle inside (12
        // grey levels, about 3.6 bits of entropy a pixel) less than a byte a pixel.
        var pixels = Make(512, 512, 1, "fan");
        var inSector = pixels.Count(p => p != 0);
        var png = new PngEncoder().Encode(pixels, 512, 512);
        Assert.True(png.Length < inSector, $"{png.Length} bytes for {inSector} pixels in the sector");
    }

    [Fact]
    public void Refuses_short_buffers_and_bad_channel_counts()
    {
        var encoder = new PngEncoder();
        Assert.Throws<ArgumentException>(() => encoder.Encode(new byte[10], 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Encode(new byte[32], 4, 4, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Encode(new byte[32], 0, 4));
    }

    private static byte[] Make(int width, int height, int channels, string pattern)
    {
        var pixels = new byte[width * height * channels];
        var random = new Random(width * 31 + height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var i = (y * width + x) * channels + c;
                    pixels[i] = pattern switch
                    {
                        "noise" => (byte)random.Next(256),
                        "gradient" => (byte)(x + 2 * y + 50 * c),
                        _ => Fan(x, y, width, height, random),
                    };
                }
            }
        }

        return pixels;
    }

    /// <summary>A 130° sector from the bottom centre with speckle and one bright target; black outside.</summary>
    private static byte Fan(int x, int y, int width, int height, Random random)
    {
        double dx = x - width / 2.0, dy = height - y;
        var r = Math.Sqrt(dx * dx + dy * dy);
        var angle = Math.Atan2(dx, dy) * 180 / Math.PI;
        if (r > height || Math.Abs(angle) > 65)
        {
            return 0;
        }

        var target = Math.Abs(r - 300) < 6 && Math.Abs(angle - 10) < 3 ? 200 : 0;
        return (byte)Math.Min(255, 20 + random.Next(12) + target);
    }

    /// <summary>A minimal PNG reader from the specification (8-bit grey and RGB, no interlace).</summary>
    private static class SpecDecoder
    {
        public static (int Width, int Height, int ColourType, byte[] Pixels) Decode(byte[] png)
        {
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            var position = 8;
            int width = 0, height = 0, colourType = -1;
            var idat = new MemoryStream();
            var chunks = new List<string>();
            while (position < png.Length)
            {
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position));
                var type = System.Text.Encoding.ASCII.GetString(png, position + 4, 4);
                var data = png.AsSpan(position + 8, length);
                var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
                Assert.Equal(BitwiseCrc32(png.AsSpan(position + 4, length + 4)), crc);
                chunks.Add(type);
                switch (type)
                {
                    case "IHDR":
                        width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                        height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                        Assert.Equal(8, data[8]);
                        colourType = data[9];
                        Assert.Equal(0, data[10]);
                        Assert.Equal(0, data[11]);
                        Assert.Equal(0, data[12]);
                        break;
                    case "IDAT":
                        idat.Write(data);
                        break;
                }

                position += 12 + length;
            }

            Assert.Equal("IHDR", chunks[0]);
            Assert.Equal("IEND", chunks[^1]);
            Assert.Equal(png.Length, position);
            var bpp = colourType == 0 ? 1 : 3;
            var stride = width * bpp;
            idat.Position = 0;
            using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
            var raw = new MemoryStream();
            zlib.CopyTo(raw);
            var filtered = raw.ToArray();
            Assert.Equal((stride + 1) * height, filtered.Length);
            var pixels = new byte[stride * height];
            for (var y = 0; y < height; y++)
            {
                var filter = filtered[y * (stride + 1)];
                for (var x = 0; x < stride; x++)
                {
                    int a = x >= bpp ? pixels[y * stride + x - bpp] : 0;
                    int b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                    int c = x >= bpp && y > 0 ? pixels[(y - 1) * stride + x - bpp] : 0;
                    var f = filtered[y * (stride + 1) + 1 + x];
                    pixels[y * stride + x] = (byte)(f + filter switch
                    {
                        0 => 0,
                        1 => a,
                        2 => b,
                        3 => (a + b) / 2,
                        4 => Paeth(a, b, c),
                        _ => throw new InvalidDataException($"filter type {filter}"),
                    });
                }
            }

            return (width, height, colourType, pixels);
        }

        private static int Paeth(int a, int b, int c)
        {
            var p = a + b - c;
            int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }

        /// <summary>CRC-32 (ISO 3309, reflected polynomial 0xEDB88320) bit by bit, as in the specification's annex D.</summary>
        private static uint BitwiseCrc32(ReadOnlySpan<byte> bytes)
        {
            var crc = 0xFFFFFFFFu;
            foreach (var b in bytes)
            {
                crc ^= b;
                for (var k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
                }
            }

            return crc ^ 0xFFFFFFFFu;
        }
    }
}
