namespace RovDsp.Dsp.Tests.Support;

/// <summary>
/// Property check shared by every streaming object: the output must not depend on how the input is cut
/// into blocks. The reference is one call over the whole signal; the candidates are random block sizes
/// (including empty and single-sample blocks) from a seeded generator.
/// </summary>
public static class BlockSplitting
{
    /// <summary>Random block sizes that sum to <paramref name="total"/>: mostly small, sometimes 0 or large.</summary>
    public static int[] RandomBlocks(int total, int seed)
    {
        var rng = new Random(seed);
        var sizes = new List<int>();
        var left = total;
        while (left > 0)
        {
            var kind = rng.Next(10);
            var n = kind switch
            {
                0 => 0,
                1 => 1,
                2 => rng.Next(1, 8),
                9 => rng.Next(1, Math.Max(2, total / 2)),
                _ => rng.Next(1, 200),
            };
            n = Math.Min(n, left);
            sizes.Add(n);
            left -= n;
        }
        return sizes.ToArray();
    }

    /// <summary>
    /// Asserts that a sample-in, sample-out processor gives bit-identical output for whole-signal processing
    /// and for several random splittings, and that <see cref="IStreamProcessor.Reset"/> restores the initial state.
    /// </summary>
    public static void AssertInvariant(IStreamProcessor processor, float[] input, int splittings = 5, int seed = 1234)
    {
        processor.Reset();
        var reference = new float[input.Length];
        processor.Process(input, reference);

        for (var s = 0; s < splittings; s++)
        {
            processor.Reset();
            var output = new float[input.Length];
            var offset = 0;
            foreach (var n in RandomBlocks(input.Length, seed + s))
            {
                processor.Process(input.AsSpan(offset, n), output.AsSpan(offset, n));
                offset += n;
            }
            for (var i = 0; i < input.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(output[i]) != BitConverter.SingleToInt32Bits(reference[i]))
                {
                    Assert.Fail($"splitting {s}: sample {i} is {output[i]:R}, whole-block gave {reference[i]:R}");
                }
            }
        }
    }
}
