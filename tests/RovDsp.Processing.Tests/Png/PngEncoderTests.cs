using System.Buffers.Binary;
using System.IO.Compression;
using RovDsp.Processing.Png;
using StbImageSharp;

namespace RovDsp.Processing.Tests.Png;

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
        { 1, 1, 3, "fan" },
        { 400, 400, 1, "zeros" },
        { 64, 64, 3, "zeros" },
        { 257, 3, 1, "flat" },
        { 2000, 2, 1, "fan" },
        { 1, 3000, 1, "noise" },
        { 3, 1000, 3, "fan" },
        { 640, 480, 3, "fan" },
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
    public void Random_images_of_random_sizes_decode_exactly()
    {
        var random = new Random(4242);
        var encoder = new PngEncoder();
        string[] patterns = ["noise", "gradient", "fan", "zeros", "flat", "blocks"];
        for (var trial = 0; trial < 300; trial++)
        {
            var width = random.Next(1, random.Next(2) == 0 ? 40 : 700);
            var height = random.Next(1, random.Next(2) == 0 ? 40 : 300);
            var channels = random.Next(3) == 0 ? 3 : 1;
            var pattern = patterns[random.Next(patterns.Length)];
            var pixels = pattern == "blocks" ? Blocks(width, height, channels, random) : Make(width, height, channels, pattern);
            var png = encoder.Encode(pixels, width, height, channels).ToArray();
            var (w, h, _, decoded) = SpecDecoder.Decode(png);
            Assert.Equal((width, height), (w, h));
            Assert.True(pixels.AsSpan().SequenceEqual(decoded), $"trial {trial}: {width} x {height} x {channels} {pattern}");
        }
    }

    [Fact]
    public void Allocates_nothing_after_the_first_image()
    {
        var encoder = new PngEncoder();
        var fan = Make(512, 512, 1, "fan");
        var noise = Make(37, 11, 1, "noise");
        encoder.Encode(fan, 512, 512);
        encoder.Encode(noise, 37, 11);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var length = encoder.Encode(fan, 512, 512).Length;
        length += encoder.Encode(noise, 37, 11).Length;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(length > 0);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("fan")]
    [InlineData("rendered-fan")]
    public void Fan_is_within_15_percent_of_zlib_with_its_run_length_strategy(string pattern)
    {
        var (pixels, width, height) = pattern == "fan" ? (Make(512, 512, 1, "fan"), 512, 512) : RenderedFan();
        var png = new PngEncoder().Encode(pixels, width, height);
        // The previous encoder's IDAT: the same filter Up (written here again), zlib level 1, run-length strategy.
        var filtered = new byte[(width + 1) * height];
        for (var y = 0; y < height; y++)
        {
            filtered[y * (width + 1)] = 2;
            for (var x = 0; x < width; x++)
            {
                var above = y > 0 ? pixels[(y - 1) * width + x] : 0;
                filtered[y * (width + 1) + 1 + x] = (byte)(pixels[y * width + x] - above);
            }
        }

        var zlib = new MemoryStream();
        using (var stream = new ZLibStream(zlib, new ZLibCompressionOptions { CompressionLevel = 1, CompressionStrategy = ZLibCompressionStrategy.RunLengthEncoding }, leaveOpen: true))
        {
            stream.Write(filtered);
        }

        // Signature, IHDR, IDAT framing and IEND: 57 bytes around the zlib stream.
        var zlibPng = zlib.Length + 57;
        Assert.True(png.Length <= zlibPng * 1.15, $"{png.Length} bytes against zlib's {zlibPng}");
        Assert.Equal(pixels, SpecDecoder.Decode(png.ToArray()).Pixels);
    }

    /// <summary>The imaging sonar's 512 × 512 fan as the bridge renders it (Obstacle scenario, seed 1, frame 125).</summary>
    private static (byte[] Pixels, int Width, int Height) RenderedFan()
    {
        var world = RovDsp.Replay.Simulation.DiveWorld.Create(RovDsp.Replay.Simulation.DiveScenario.Create(
            RovDsp.Replay.Simulation.ScenarioKind.Obstacle, 1, TimeSpan.FromMinutes(10)));
        var sim = new RovDsp.Replay.Simulation.Multibeam.MultibeamSimulator(world);
        var frame = sim.CreateFrame();
        sim.Simulate(125, frame, new List<RovDsp.Replay.Simulation.Multibeam.MultibeamObstacleTruth>());
        var pipeline = new RovDsp.Dsp.Pipelines.Multibeam.MultibeamPipeline(new RovDsp.Dsp.Pipelines.Multibeam.MultibeamSettings());
        pipeline.Process(frame);
        var fan = new byte[512 * 512];
        pipeline.RenderFan(fan);
        Assert.Contains(fan, p => p != 0);
        return (fan, 512, 512);
    }

    /// <summary>Rectangles of random grey levels: runs of every length, within and across rows.</summary>
    private static byte[] Blocks(int width, int height, int channels, Random random)
    {
        var pixels = new byte[width * height * channels];
        for (var k = 0; k < 20; k++)
        {
            int x0 = random.Next(width), y0 = random.Next(height);
            int x1 = random.Next(x0, width + 1), y1 = random.Next(y0, height + 1);
            var value = (byte)random.Next(4);
            for (var y = y0; y < y1; y++)
            {
                pixels.AsSpan((y * width + x0) * channels, (x1 - x0) * channels).Fill(value);
            }
        }

        return pixels;
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
                        "zeros" => 0,
                        "flat" => 77,
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
