namespace RovDsp.Dsp.Simd;

/// <summary>
/// Lane rearrangements the FFT's width-generic kernels need on top of <see cref="IFloatVectorOps{TVec}"/>: the
/// in-register transposes of the first (stride 1 and stride 4) radix-4 stages, the (de)interleaving and lane
/// reversal of the real FFT's passes. Kept apart from <see cref="IFloatVectorOps{TVec}"/> because each width
/// implements them with its own instructions (AVX unpack/permute, SSE or AdvSimd zips, AVX-512 two-source
/// permutes), each behind its IsSupported check with a portable fallback, so no intrinsic is reachable on a
/// machine without it.
/// </summary>
/// <typeparam name="TVec">The vector type, e.g. <c>Vector256&lt;float&gt;</c>.</typeparam>
internal interface IVectorShuffleOps<TVec>
    where TVec : struct
{
    /// <summary>Stores the four vectors lane-interleaved: y[o + 4i + j] = b_j[i] for i &lt; Count, j &lt; 4.</summary>
    static abstract void StoreInterleaved4(TVec b0, TVec b1, TVec b2, TVec b3, ref float y, int o);

    /// <summary>Stores the four vectors interleaved in blocks of 4 lanes: y[o + 16q + 4j + k] = b_j[4q + k], k &lt; 4.</summary>
    static abstract void StoreInterleavedBlocks4(TVec b0, TVec b1, TVec b2, TVec b3, ref float y, int o);

    /// <summary>Stores two vectors lane-interleaved: y[o + 2i] = a[i], y[o + 2i + 1] = b[i].</summary>
    static abstract void StoreInterleaved2(TVec a, TVec b, ref float y, int o);

    /// <summary>Loads 2·Count floats from x[o] and splits them: even[i] = x[o + 2i], odd[i] = x[o + 2i + 1].</summary>
    static abstract void LoadDeinterleaved2(ref float x, int o, out TVec even, out TVec odd);

    /// <summary>The lanes in reverse order.</summary>
    static abstract TVec Reverse(TVec v);
}
