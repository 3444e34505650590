namespace RovDsp.Dsp.Tests.Support;

/// <summary>Helpers for the stats area's tests (statistics, detection, acoustics).</summary>
public static class StatsHelpers
{
    /// <summary>One block of a two-output streaming object such as the running mean/variance trackers.</summary>
    public delegate void MeanVarianceProcess(ReadOnlySpan<float> input, Span<float> mean, Span<float> variance);

    /// <summary>
    /// Block-splitting invariance and <c>Reset</c> of a two-output streaming object: after each reset, feeding
    /// <paramref name="x"/> in random blocks (seeds <paramref name="seed"/> .. seed + 3) must reproduce, bit for bit,
    /// the mean and variance of one call over the whole signal made on the fresh object.
    /// </summary>
    public static void AssertMeanVarianceBlockInvariant(float[] x, MeanVarianceProcess process, Action reset, int seed)
    {
        var refMean = new float[x.Length];
        var refVar = new float[x.Length];
        process(x, refMean, refVar);
        for (var split = 0; split < 4; split++)
        {
            reset();
            var mean = new float[x.Length];
            var variance = new float[x.Length];
            var offset = 0;
            foreach (var n in BlockSplitting.RandomBlocks(x.Length, seed + split))
            {
                process(x.AsSpan(offset, n), mean.AsSpan(offset, n), variance.AsSpan(offset, n));
                offset += n;
            }
            Assert.Equal(refMean, mean);
            Assert.Equal(refVar, variance);
        }
    }

    /// <summary>Bytes allocated on this thread by a steady-state call of <paramref name="call"/>: after one call that
    /// warms up JIT and lazy state, the calls of <see cref="AllocationProbe.Windows"/> (0 when one of up to five
    /// allocated nothing: an allocation per call shows in every one, a one-off of the runtime's cannot).</summary>
    public static long AllocatedBySecondCall(Action call)
    {
        call();
        return AllocationProbe.Windows(call)[^1];
    }

    /// <summary>Float array as doubles, for <see cref="Assertions.AllClose(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double, string)"/>.</summary>
    public static double[] ToDoubles(ReadOnlySpan<float> x)
    {
        var d = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            d[i] = x[i];
        }
        return d;
    }

    /// <summary>Seeded standard-normal floats (Box–Muller), for property tests that need no reference values.</summary>
    public static float[] Gaussian(int n, int seed, double offset = 0.0)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            x[i] = (float)(offset + Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
        return x;
    }
}
