using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RovDsp.Dsp.Simd;

/// <summary>Compares, lane masks, conversions and the valignd register shift on <see cref="Vector512"/>.</summary>
internal readonly partial struct Vector512Ops
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GreaterThan(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThan(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ExtractMostSignificantBits(Vector512<float> a) => (uint)a.ExtractMostSignificantBits();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ConvertBitsToSingle(Vector512<float> a) => Vector512.ConvertToSingle(a.AsInt32());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadBytesAsSingle(ref byte r, int i)
    {
        var bytes = Vector128.LoadUnsafe(ref r, (nuint)i);
        if (Avx512F.IsSupported)
        {
            // One vpmovzxbd.
            return Vector512.ConvertToSingle(Avx512F.ConvertToVector512Int32(bytes));
        }
        var words = Vector256.WidenLower(bytes.ToVector256Unsafe()).ToVector512Unsafe();
        return Vector512.ConvertToSingle(Vector512.WidenLower(words).AsInt32());
    }

    /// <summary>True on AVX-512F (valignd).</summary>
    public static bool CanShiftIn => Avx512F.IsSupported;

    /// <summary>One valignd (whose shift must be an immediate, hence the switch); step 16 is <paramref name="next"/>.</summary>
    /// <exception cref="PlatformNotSupportedException">Without AVX-512F (<see cref="CanShiftIn"/> is false).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ShiftIn(Vector512<float> current, Vector512<float> next, int step)
    {
        if (!Avx512F.IsSupported)
        {
            throw new PlatformNotSupportedException("valignd needs AVX-512F");
        }
        var c = current.AsInt32();
        var n = next.AsInt32();
        return step switch
        {
            1 => Avx512F.AlignRight32(n, c, 1).AsSingle(),
            2 => Avx512F.AlignRight32(n, c, 2).AsSingle(),
            4 => Avx512F.AlignRight32(n, c, 4).AsSingle(),
            8 => Avx512F.AlignRight32(n, c, 8).AsSingle(),
            _ => next,
        };
    }
}
