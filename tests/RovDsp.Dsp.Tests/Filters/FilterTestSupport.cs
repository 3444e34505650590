namespace RovDsp.Dsp.Tests.Filters;

/// <summary>Shared checks for the streaming filters: allocation counting and float/double conversion.</summary>
internal static class FilterTestSupport
{
    /// <summary>float32 machine epsilon.</summary>
    public const double Eps32 = 1.1920928955078125e-7;

    /// <summary>Bytes allocated on this thread while <paramref name="action"/> runs (after one warm-up call).</summary>
    public static long AllocatedBy(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Deterministic noise for state-disturbing inputs.</summary>
    public static float[] Noise(int length, int seed)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (var i = 0; i < length; i++)
        {
            x[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        return x;
    }

    /// <summary>Σ|v|.</summary>
    public static double SumAbs(ReadOnlySpan<double> v)
    {
        var s = 0.0;
        foreach (var e in v)
        {
            s += Math.Abs(e);
        }
        return s;
    }

    /// <summary>Widens a float array.</summary>
    public static double[] ToDouble(ReadOnlySpan<float> v)
    {
        var d = new double[v.Length];
        for (var i = 0; i < v.Length; i++)
        {
            d[i] = v[i];
        }
        return d;
    }
}

/// <summary>A rate changer's Process: consumes the input, returns the number of outputs written.</summary>
internal delegate int RateProcess(ReadOnlySpan<float> input, Span<float> output);

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
