using RovDsp.Bridge.Imaging;

namespace RovDsp.Bridge.Tests.Imaging;

/// <summary><see cref="Adler32"/> (vector and scalar paths) against the RFC 1950 definition computed here.</summary>
public sealed class Adler32Tests
{
    [Fact]
    public void Known_value()
    {
        // The classic example: Adler-32 of "Wikipedia" is 0x11E60398.
        Assert.Equal(0x11E60398u, Adler32.Compute("Wikipedia"u8));
        Assert.Equal(1u, Adler32.Compute([]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(5551)]
    [InlineData(5552)]
    [InlineData(5553)]
    [InlineData(11104)]
    [InlineData(262_656)]
    public void Matches_the_definition_for_all_lengths_around_the_block_sizes(int length)
    {
        // All 0xFF is the worst case for the unreduced sums.
        var full = Enumerable.Repeat((byte)0xFF, length).ToArray();
        var random = new byte[length];
        new Random(length).NextBytes(random);
        foreach (var data in new[] { full, random })
        {
            var expected = Definition(data);
            Assert.Equal(expected, Adler32.Compute(data));
            Assert.Equal(expected, Adler32.ComputeScalar(data, 1, 0));
        }
    }

    private static uint Definition(byte[] data)
    {
        ulong s1 = 1, s2 = 0;
        foreach (var b in data)
        {
            s1 = (s1 + b) % 65521;
            s2 = (s2 + s1) % 65521;
        }

        return (uint)(s2 << 16 | s1);
    }
}
