namespace RovDsp.Benchmarks.Filters;

/// <summary>
/// What the filter benchmarks share: seeded noise blocks and the plain scalar direct-form FIR that serves as
/// their baseline, so every filter class is measured against the same loop.
/// </summary>
internal static class FilterBenchmarkData
{
    /// <summary>Samples per benchmarked block.</summary>
    public const int BlockLength = 8192;

    /// <summary>Uniform noise in [-scale/2, scale/2), drawn from <paramref name="rng"/> in order.</summary>
    public static float[] Noise(Random rng, int length, float scale = 1f)
    {
        var x = new float[length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)(rng.NextDouble() - 0.5) * scale;
        }
        return x;
    }

    /// <summary>
    /// Plain scalar direct form: copy the block behind the N−1 newest samples of <paramref name="history"/>
    /// (length N−1+block), one dot product per output, then keep the newest N−1 samples for the next block.
    /// </summary>
    public static void ScalarFir(float[] taps, float[] history, float[] input, float[] output)
    {
        var n = taps.Length;
        input.CopyTo(history, n - 1);
        for (var i = 0; i < input.Length; i++)
        {
            var acc = 0f;
            var newest = n - 1 + i;
            for (var k = 0; k < n; k++)
            {
                acc += taps[k] * history[newest - k];
            }
            output[i] = acc;
        }
        Array.Copy(history, input.Length, history, 0, n - 1);
    }
}
