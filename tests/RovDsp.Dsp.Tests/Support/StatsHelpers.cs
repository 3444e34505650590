namespace RovDsp.Dsp.Tests.Support;

/// <summary>Helpers for the stats area's tests (statistics, detection, acoustics).</summary>
public static class StatsHelpers
{
    /// <summary>Bytes allocated on this thread by the second of two calls of <paramref name="call"/>
    /// (the first warms up JIT and lazy state).</summary>
    public static long AllocatedBySecondCall(Action call)
    {
        call();
        var before = GC.GetAllocatedBytesForCurrentThread();
        call();
        return GC.GetAllocatedBytesForCurrentThread() - before;
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
