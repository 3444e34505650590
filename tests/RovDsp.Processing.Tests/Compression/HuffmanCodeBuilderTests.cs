using RovDsp.Processing.Compression;

namespace RovDsp.Processing.Tests.Compression;

/// <summary><see cref="HuffmanCodeBuilder"/> against hand-worked codes and the Kraft equality.</summary>
public sealed class HuffmanCodeBuilderTests
{
    [Fact]
    public void Lengths_of_a_small_alphabet_are_the_huffman_ones()
    {
        // Frequencies 1, 1, 2, 4 (and an unused symbol): merge 1+1, then 2+2, then 4+4 → depths 3, 3, 2, 1.
        var lengths = new byte[5];
        new HuffmanCodeBuilder(5).BuildLengths([1, 1, 0, 2, 4], 15, lengths);
        Assert.Equal(new byte[] { 3, 3, 0, 2, 1 }, lengths);
    }

    [Fact]
    public void Canonical_codes_are_those_of_the_rfc_example_bit_reversed()
    {
        // RFC 1951 3.2.2: lengths (3, 3, 3, 3, 3, 2, 4, 4) give 010, 011, 100, 101, 110, 00, 1110, 1111.
        var codes = new ushort[8];
        new HuffmanCodeBuilder(8).AssignCodes([3, 3, 3, 3, 3, 2, 4, 4], codes);
        Assert.Equal(new ushort[] { 0b010, 0b110, 0b001, 0b101, 0b011, 0b00, 0b0111, 0b1111 }, codes);
    }

    [Theory]
    [InlineData(15, 286)]
    [InlineData(15, 40)]
    [InlineData(7, 19)]
    public void Fibonacci_frequencies_stay_within_the_limit_and_complete(int maxLength, int symbols)
    {
        // Fib(k) frequencies make the unlimited Huffman tree a chain: depths up to symbols − 1.
        var frequencies = new int[symbols];
        int a = 1, b = 1;
        for (var k = 0; k < symbols; k++)
        {
            frequencies[k] = a;
            (a, b) = (b, Math.Min(1_000_000, a + b));
        }

        var lengths = new byte[symbols];
        new HuffmanCodeBuilder(symbols).BuildLengths(frequencies, maxLength, lengths);
        Assert.All(lengths, l => Assert.InRange(l, 1, maxLength));
        // Complete: the Kraft sum is exactly 1.
        var kraft = lengths.Sum(l => 1L << (maxLength - l));
        Assert.Equal(1L << maxLength, kraft);
        // A more frequent symbol never has a longer code.
        for (var k = 1; k < symbols; k++)
        {
            Assert.True(lengths[k] <= lengths[k - 1], $"symbol {k}: {lengths[k]} after {lengths[k - 1]}");
        }
    }

    [Fact]
    public void A_single_used_symbol_gets_a_partner_for_a_complete_code()
    {
        var lengths = new byte[19];
        var frequencies = new int[19];
        frequencies[0] = 100;
        new HuffmanCodeBuilder(19).BuildLengths(frequencies, 7, lengths);
        Assert.Equal(1, lengths[0]);
        Assert.Equal(1, lengths[1]);
        Assert.Equal(2, lengths.Count(l => l != 0));
    }
}
