using System.IO.Compression;
using RovDsp.Processing.Compression;

namespace RovDsp.Processing.Tests.Compression;

/// <summary>
/// <see cref="RunLengthDeflater"/>'s streams inflated by the runtime's zlib (zlib-ng, none of our code): the bytes
/// must come back exactly, and zlib checks the Huffman tables, the distances and the Adler-32 trailer on the way.
/// </summary>
public sealed class RunLengthDeflaterTests
{
    public static TheoryData<string> Inputs => new()
    {
        "empty", "one", "zeros-1", "zeros-2", "zeros-3", "zeros-100000", "noise", "single-value",
        "runs-3-and-4", "runs-around-258", "alternating-pairs", "fibonacci",
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Inflates_to_the_input(string name)
    {
        var data = Make(name);
        var stream = Compress(new RunLengthDeflater(), data);
        Assert.Equal(0x78, stream[0]);
        Assert.Equal(0, (stream[0] * 256 + stream[1]) % 31);
        Assert.Equal(data, Inflate(stream));
    }

    [Fact]
    public void Long_zero_runs_cost_two_bits_per_258_bytes()
    {
        // 100 000 zeros: one literal, 387 matches of 258 and one of 153. With 4 lit/len symbols in use the 258 match
        // takes a 1-bit code, plus the 1-bit distance code: 388 × 2 bits ≈ 97 bytes, and at most ~30 bytes of
        // header, code tables and trailer.
        var stream = Compress(new RunLengthDeflater(), new byte[100_000]);
        Assert.True(stream.Length <= 97 + 30, $"{stream.Length} bytes");
    }

    [Fact]
    public void Noise_is_stored_and_costs_at_most_the_stored_block_overhead()
    {
        var data = Make("noise");
        var stream = Compress(new RunLengthDeflater(), data);
        // zlib header (2), 5 bytes per stored block of up to 65 535, Adler-32 (4).
        var bound = 2 + data.Length + 5 * ((data.Length + 65534) / 65535) + 4;
        Assert.True(stream.Length <= bound, $"{stream.Length} > {bound}");
        Assert.Equal(data, Inflate(stream));
    }

    [Fact]
    public void Random_inputs_of_random_lengths_inflate_exactly()
    {
        var random = new Random(20261123);
        var deflater = new RunLengthDeflater();
        for (var trial = 0; trial < 300; trial++)
        {
            var data = new byte[random.Next(0, 20_000)];
            // Mixtures of runs (of random lengths and values) and noise (from a few or from all byte values).
            var levels = random.Next(1, 257);
            var runChance = random.NextDouble();
            var i = 0;
            while (i < data.Length)
            {
                if (random.NextDouble() < runChance)
                {
                    var length = Math.Min(data.Length - i, random.Next(1, random.Next(2) == 0 ? 10 : 1000));
                    data.AsSpan(i, length).Fill((byte)random.Next(levels));
                    i += length;
                }
                else
                {
                    data[i++] = (byte)random.Next(levels);
                }
            }

            Assert.Equal(data, Inflate(Compress(deflater, data)));
        }
    }

    [Fact]
    public void Same_input_gives_same_bytes_after_other_inputs()
    {
        var deflater = new RunLengthDeflater();
        var first = Compress(deflater, Make("runs-around-258"));
        Compress(deflater, Make("noise"));
        Compress(deflater, Make("fibonacci"));
        Assert.Equal(first, Compress(deflater, Make("runs-around-258")));
    }

    [Fact]
    public void Refuses_a_destination_below_the_bound()
    {
        var data = new byte[1000];
        var destination = new byte[RunLengthDeflater.MaxCompressedLength(data.Length) - 1];
        Assert.Throws<ArgumentException>(() => new RunLengthDeflater().Compress(data, destination));
    }

    internal static byte[] Compress(RunLengthDeflater deflater, byte[] data)
    {
        var destination = new byte[RunLengthDeflater.MaxCompressedLength(data.Length)];
        var length = deflater.Compress(data, destination);
        return destination[..length];
    }

    internal static byte[] Inflate(byte[] stream)
    {
        using var zlib = new ZLibStream(new MemoryStream(stream), CompressionMode.Decompress);
        var output = new MemoryStream();
        zlib.CopyTo(output);
        // Nothing may follow the stream's Adler-32.
        Assert.Equal(-1, zlib.ReadByte());
        return output.ToArray();
    }

    private static byte[] Make(string name)
    {
        var random = new Random(name.Length * 7919);
        switch (name)
        {
            case "empty":
                return [];
            case "one":
                return [42];
            case "noise":
                var noise = new byte[200_000];
                random.NextBytes(noise);
                return noise;
            case "single-value":
                return Enumerable.Repeat((byte)0xA5, 70_001).ToArray();
            case "runs-3-and-4":
                // A literal then exactly 3 or 4 more copies of it (the shortest matches), alternating values.
                var list = new List<byte>();
                for (var k = 0; k < 2000; k++)
                {
                    list.AddRange(Enumerable.Repeat((byte)(k % 7 + 1), k % 2 == 0 ? 4 : 5));
                }

                return [.. list];
            case "runs-around-258":
                // Copies after the first byte: 255 … 262, 516 … 520, 774, 775: remainders 0, 1, 2 and ≥ 3 after 258s.
                var runs = new List<byte>();
                int[] lengths = [255, 256, 257, 258, 259, 260, 261, 262, 516, 517, 518, 519, 520, 774, 775, 1, 2, 3];
                for (var k = 0; k < lengths.Length; k++)
                {
                    runs.AddRange(Enumerable.Repeat((byte)(k * 13 + 1), lengths[k] + 1));
                }

                return [.. runs];
            case "alternating-pairs":
                // Pairs are too short to be runs: all literals, but a skewed two-symbol alphabet.
                return Enumerable.Range(0, 50_000).Select(i => (byte)((i / 2) % 2 * 200)).ToArray();
            case "fibonacci":
                return FibonacciBytes(random);
            default:
                var zeros = int.Parse(name["zeros-".Length..], System.Globalization.CultureInfo.InvariantCulture);
                return new byte[zeros];
        }
    }

    /// <summary>
    /// Byte k occurs Fib(k + 1) times (1, 1, 2, 3, 5, …, 25 symbols): an unlimited Huffman code would need 24-bit
    /// codes, so the stream only inflates if the lengths were limited to 15 correctly. Shuffled so that few bytes
    /// form runs.
    /// </summary>
    internal static byte[] FibonacciBytes(Random random)
    {
        var list = new List<byte>();
        int a = 1, b = 1;
        for (var k = 0; k < 25; k++)
        {
            list.AddRange(Enumerable.Repeat((byte)(k * 10), a));
            (a, b) = (b, a + b);
        }

        var data = list.ToArray();
        random.Shuffle(data);
        return data;
    }
}
