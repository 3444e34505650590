using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Simd;

/// <summary>Compares, lane masks and conversions on <see cref="Vector256"/> (AVX2).</summary>
internal readonly partial struct Vector256Ops
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GreaterThan(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThan(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ExtractMostSignificantBits(Vector256<float> a) => a.ExtractMostSignificantBits();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ConvertBitsToSingle(Vector256<float> a) => Vector256.ConvertToSingle(a.AsInt32());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadBytesAsSingle(ref byte r, int i)
    {
        // Eight bytes into the low half, widened to 16 then to 32 bits.
        var bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r, i))).AsByte();
        var words = Vector128.WidenLower(bytes).ToVector256Unsafe();
        return Vector256.ConvertToSingle(Vector256.WidenLower(words).AsInt32());
    }

    /// <summary>False: no single-instruction cross-lane shift at this width on AVX2 or AdvSimd that every machine
    /// of the width has; kernels load the shifted operand.</summary>
    public static bool CanShiftIn => false;

    /// <summary>Not available at this width (<see cref="CanShiftIn"/> is false).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public static Vector256<float> ShiftIn(Vector256<float> current, Vector256<float> next, int step) =>
        throw new NotSupportedException("ShiftIn needs CanShiftIn");
}
