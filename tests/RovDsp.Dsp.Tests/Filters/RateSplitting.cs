namespace RovDsp.Dsp.Tests.Filters;

/// <summary>Block-splitting invariance for objects whose output count differs from the input count.</summary>
internal static class RateSplitting
{
    /// <summary>
    /// Asserts that the concatenated outputs of random splittings are bit-identical to one whole-signal call
    /// (after <paramref name="reset"/> each time) and that the counts add up.
    /// </summary>
    public static void AssertInvariant(RateProcess process, Action reset, float[] input, int capacity, int splittings = 5)
    {
        reset();
        var reference = new float[capacity];
        var total = process(input, reference);
        for (var s = 0; s < splittings; s++)
        {
            reset();
            var output = new float[capacity];
            int offset = 0, written = 0;
            foreach (var n in Support.BlockSplitting.RandomBlocks(input.Length, 99 + s))
            {
                written += process(input.AsSpan(offset, n), output.AsSpan(written));
                offset += n;
            }
            Assert.Equal(total, written);
            for (var i = 0; i < total; i++)
            {
                if (BitConverter.SingleToInt32Bits(output[i]) != BitConverter.SingleToInt32Bits(reference[i]))
                {
                    Assert.Fail($"splitting {s}: output {i} is {output[i]:R}, whole-block gave {reference[i]:R}");
                }
            }
        }
    }
}
