using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RovDsp.Dsp.Simd;

/// <summary>
/// 512-bit <see cref="IVectorShuffleOps{TVec}"/>: AVX-512F two-source permutes (vpermt2ps), one per output
/// vector per round; without AVX-512F each half goes through <see cref="Vector256ShuffleOps"/>.
/// </summary>
internal readonly struct Vector512ShuffleOps : IVectorShuffleOps<Vector512<float>>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved4(Vector512<float> b0, Vector512<float> b1, Vector512<float> b2, Vector512<float> b3, ref float y, int o)
    {
        if (Avx512F.IsSupported)
        {
            var lo = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            var hi = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            Transpose4(b0, b1, b2, b3, lo, hi, ref y, o);
        }
        else
        {
            Vector256ShuffleOps.StoreInterleaved4(b0.GetLower(), b1.GetLower(), b2.GetLower(), b3.GetLower(), ref y, o);
            Vector256ShuffleOps.StoreInterleaved4(b0.GetUpper(), b1.GetUpper(), b2.GetUpper(), b3.GetUpper(), ref y, o + 32);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleavedBlocks4(Vector512<float> b0, Vector512<float> b1, Vector512<float> b2, Vector512<float> b3, ref float y, int o)
    {
        if (Avx512F.IsSupported)
        {
            var lo = Vector512.Create(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
            var hi = Vector512.Create(8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
            Transpose4(b0, b1, b2, b3, lo, hi, ref y, o);
        }
        else
        {
            Vector256ShuffleOps.StoreInterleavedBlocks4(b0.GetLower(), b1.GetLower(), b2.GetLower(), b3.GetLower(), ref y, o);
            Vector256ShuffleOps.StoreInterleavedBlocks4(b0.GetUpper(), b1.GetUpper(), b2.GetUpper(), b3.GetUpper(), ref y, o + 32);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved2(Vector512<float> a, Vector512<float> b, ref float y, int o)
    {
        if (Avx512F.IsSupported)
        {
            var lo = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            var hi = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            Avx512F.PermuteVar16x32x2(a, lo, b).StoreUnsafe(ref y, (nuint)o);
            Avx512F.PermuteVar16x32x2(a, hi, b).StoreUnsafe(ref y, (nuint)(o + 16));
        }
        else
        {
            Vector256ShuffleOps.StoreInterleaved2(a.GetLower(), b.GetLower(), ref y, o);
            Vector256ShuffleOps.StoreInterleaved2(a.GetUpper(), b.GetUpper(), ref y, o + 16);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved2(ref float x, int o, out Vector512<float> even, out Vector512<float> odd)
    {
        if (Avx512F.IsSupported)
        {
            var a = Vector512.LoadUnsafe(ref x, (nuint)o);
            var b = Vector512.LoadUnsafe(ref x, (nuint)(o + 16));
            even = Avx512F.PermuteVar16x32x2(a, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), b);
            odd = Avx512F.PermuteVar16x32x2(a, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), b);
        }
        else
        {
            Vector256ShuffleOps.LoadDeinterleaved2(ref x, o, out var e0, out var d0);
            Vector256ShuffleOps.LoadDeinterleaved2(ref x, o + 16, out var e1, out var d1);
            even = Vector512.Create(e0, e1);
            odd = Vector512.Create(d0, d1);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Reverse(Vector512<float> v) =>
        Vector512.Shuffle(v, Vector512.Create(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));

    /// <summary>Two rounds of two-way interleave (vpermt2ps with the given index pair), 64 floats stored at y[o].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(Vector512<float> b0, Vector512<float> b1, Vector512<float> b2, Vector512<float> b3,
        Vector512<int> lo, Vector512<int> hi, ref float y, int o)
    {
        var c0 = Avx512F.PermuteVar16x32x2(b0, lo, b2);
        var c1 = Avx512F.PermuteVar16x32x2(b0, hi, b2);
        var d0 = Avx512F.PermuteVar16x32x2(b1, lo, b3);
        var d1 = Avx512F.PermuteVar16x32x2(b1, hi, b3);
        Avx512F.PermuteVar16x32x2(c0, lo, d0).StoreUnsafe(ref y, (nuint)o);
        Avx512F.PermuteVar16x32x2(c0, hi, d0).StoreUnsafe(ref y, (nuint)(o + 16));
        Avx512F.PermuteVar16x32x2(c1, lo, d1).StoreUnsafe(ref y, (nuint)(o + 32));
        Avx512F.PermuteVar16x32x2(c1, hi, d1).StoreUnsafe(ref y, (nuint)(o + 48));
    }
}
