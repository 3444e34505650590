using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RovDsp.Dsp.Simd;

/// <summary>
/// 256-bit <see cref="IVectorShuffleOps{TVec}"/>: AVX in-lane unpacks followed by one 128-bit lane permute (the
/// cheapest cross-lane step), AVX2 for the 64-bit permute of the deinterleave; without AVX each half goes
/// through <see cref="Vector128ShuffleOps"/> (correct anywhere; the planner only picks 256-bit kernels where
/// Vector256 is accelerated).
/// </summary>
internal readonly struct Vector256ShuffleOps : IVectorShuffleOps<Vector256<float>>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved4(Vector256<float> b0, Vector256<float> b1, Vector256<float> b2, Vector256<float> b3, ref float y, int o)
    {
        if (Avx.IsSupported)
        {
            // In-lane 4x4 transposes leave lane 0 holding i = 0..3 and lane 1 i = 4..7: e0 = (i0 | i4), e1 = (i1 | i5),
            // e2 = (i2 | i6), e3 = (i3 | i7); the lane permutes put consecutive i together.
            var c0 = Avx.UnpackLow(b0, b2);
            var c1 = Avx.UnpackHigh(b0, b2);
            var d0 = Avx.UnpackLow(b1, b3);
            var d1 = Avx.UnpackHigh(b1, b3);
            var e0 = Avx.UnpackLow(c0, d0);
            var e1 = Avx.UnpackHigh(c0, d0);
            var e2 = Avx.UnpackLow(c1, d1);
            var e3 = Avx.UnpackHigh(c1, d1);
            Avx.Permute2x128(e0, e1, 0x20).StoreUnsafe(ref y, (nuint)o);
            Avx.Permute2x128(e2, e3, 0x20).StoreUnsafe(ref y, (nuint)(o + 8));
            Avx.Permute2x128(e0, e1, 0x31).StoreUnsafe(ref y, (nuint)(o + 16));
            Avx.Permute2x128(e2, e3, 0x31).StoreUnsafe(ref y, (nuint)(o + 24));
        }
        else
        {
            Vector128ShuffleOps.StoreInterleaved4(b0.GetLower(), b1.GetLower(), b2.GetLower(), b3.GetLower(), ref y, o);
            Vector128ShuffleOps.StoreInterleaved4(b0.GetUpper(), b1.GetUpper(), b2.GetUpper(), b3.GetUpper(), ref y, o + 16);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleavedBlocks4(Vector256<float> b0, Vector256<float> b1, Vector256<float> b2, Vector256<float> b3, ref float y, int o)
    {
        // Two blocks per vector: (b0 lo, b1 lo), (b2 lo, b3 lo), (b0 hi, b1 hi), (b2 hi, b3 hi). The JIT emits
        // vinsertf128 / vperm2f128 for these.
        Vector256.Create(b0.GetLower(), b1.GetLower()).StoreUnsafe(ref y, (nuint)o);
        Vector256.Create(b2.GetLower(), b3.GetLower()).StoreUnsafe(ref y, (nuint)(o + 8));
        Vector256.Create(b0.GetUpper(), b1.GetUpper()).StoreUnsafe(ref y, (nuint)(o + 16));
        Vector256.Create(b2.GetUpper(), b3.GetUpper()).StoreUnsafe(ref y, (nuint)(o + 24));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved2(Vector256<float> a, Vector256<float> b, ref float y, int o)
    {
        if (Avx.IsSupported)
        {
            var lo = Avx.UnpackLow(a, b);   // a0 b0 a1 b1 | a4 b4 a5 b5
            var hi = Avx.UnpackHigh(a, b);  // a2 b2 a3 b3 | a6 b6 a7 b7
            Avx.Permute2x128(lo, hi, 0x20).StoreUnsafe(ref y, (nuint)o);
            Avx.Permute2x128(lo, hi, 0x31).StoreUnsafe(ref y, (nuint)(o + 8));
        }
        else
        {
            Vector128ShuffleOps.StoreInterleaved2(a.GetLower(), b.GetLower(), ref y, o);
            Vector128ShuffleOps.StoreInterleaved2(a.GetUpper(), b.GetUpper(), ref y, o + 8);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved2(ref float x, int o, out Vector256<float> even, out Vector256<float> odd)
    {
        if (Avx2.IsSupported)
        {
            var a = Vector256.LoadUnsafe(ref x, (nuint)o);
            var b = Vector256.LoadUnsafe(ref x, (nuint)(o + 8));
            // In-lane shuffles give (a0 a2 b0 b2 | a4 a6 b4 b6); swapping the middle 64-bit pairs orders them.
            var e = Avx.Shuffle(a, b, 0b10_00_10_00);
            var d = Avx.Shuffle(a, b, 0b11_01_11_01);
            even = Avx2.Permute4x64(e.AsDouble(), 0b11_01_10_00).AsSingle();
            odd = Avx2.Permute4x64(d.AsDouble(), 0b11_01_10_00).AsSingle();
        }
        else
        {
            Vector128ShuffleOps.LoadDeinterleaved2(ref x, o, out var e0, out var d0);
            Vector128ShuffleOps.LoadDeinterleaved2(ref x, o + 8, out var e1, out var d1);
            even = Vector256.Create(e0, e1);
            odd = Vector256.Create(d0, d1);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Reverse(Vector256<float> v) => Vector256.Shuffle(v, Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0));
}
