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
