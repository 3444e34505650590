using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace RovDsp.Dsp.Simd;

/// <summary>
/// 128-bit <see cref="IVectorShuffleOps{TVec}"/>: SSE unpack/shuffle on x86, AdvSimd zip/unzip on Arm64, and a
/// lane-by-lane fallback elsewhere (correct everywhere, fast where it matters).
/// </summary>
internal readonly struct Vector128ShuffleOps : IVectorShuffleOps<Vector128<float>>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved4(Vector128<float> b0, Vector128<float> b1, Vector128<float> b2, Vector128<float> b3, ref float y, int o)
    {
        // 4x4 transpose: two rounds of two-way zips.
        var (c0, c1) = Zip(b0, b2);
        var (d0, d1) = Zip(b1, b3);
        var (e0, e1) = Zip(c0, d0);
        var (e2, e3) = Zip(c1, d1);
        e0.StoreUnsafe(ref y, (nuint)o);
        e1.StoreUnsafe(ref y, (nuint)(o + 4));
        e2.StoreUnsafe(ref y, (nuint)(o + 8));
        e3.StoreUnsafe(ref y, (nuint)(o + 12));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleavedBlocks4(Vector128<float> b0, Vector128<float> b1, Vector128<float> b2, Vector128<float> b3, ref float y, int o)
    {
        // One block of 4 per vector: the blocks are already in order.
        b0.StoreUnsafe(ref y, (nuint)o);
        b1.StoreUnsafe(ref y, (nuint)(o + 4));
        b2.StoreUnsafe(ref y, (nuint)(o + 8));
        b3.StoreUnsafe(ref y, (nuint)(o + 12));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved2(Vector128<float> a, Vector128<float> b, ref float y, int o)
    {
        var (lo, hi) = Zip(a, b);
        lo.StoreUnsafe(ref y, (nuint)o);
        hi.StoreUnsafe(ref y, (nuint)(o + 4));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved2(ref float x, int o, out Vector128<float> even, out Vector128<float> odd)
    {
        var a = Vector128.LoadUnsafe(ref x, (nuint)o);
        var b = Vector128.LoadUnsafe(ref x, (nuint)(o + 4));
        if (Sse.IsSupported)
        {
            even = Sse.Shuffle(a, b, 0b10_00_10_00);
            odd = Sse.Shuffle(a, b, 0b11_01_11_01);
        }
        else if (AdvSimd.Arm64.IsSupported)
        {
            even = AdvSimd.Arm64.UnzipEven(a, b);
            odd = AdvSimd.Arm64.UnzipOdd(a, b);
        }
        else
        {
            even = Vector128.Create(a.GetElement(0), a.GetElement(2), b.GetElement(0), b.GetElement(2));
            odd = Vector128.Create(a.GetElement(1), a.GetElement(3), b.GetElement(1), b.GetElement(3));
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Reverse(Vector128<float> v) => Vector128.Shuffle(v, Vector128.Create(3, 2, 1, 0));

    /// <summary>(a0, b0, a1, b1) and (a2, b2, a3, b3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector128<float> Lo, Vector128<float> Hi) Zip(Vector128<float> a, Vector128<float> b)
    {
        if (Sse.IsSupported)
        {
            return (Sse.UnpackLow(a, b), Sse.UnpackHigh(a, b));
        }
        if (AdvSimd.Arm64.IsSupported)
        {
            return (AdvSimd.Arm64.ZipLow(a, b), AdvSimd.Arm64.ZipHigh(a, b));
        }
        return (Vector128.Create(a.GetElement(0), b.GetElement(0), a.GetElement(1), b.GetElement(1)),
            Vector128.Create(a.GetElement(2), b.GetElement(2), a.GetElement(3), b.GetElement(3)));
    }
}
