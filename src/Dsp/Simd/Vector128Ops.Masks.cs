using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Simd;

/// <summary>Compares, lane masks and conversions on <see cref="Vector128"/> (cross-platform: SSE/AVX2 and Arm AdvSimd).</summary>
internal readonly partial struct Vector128Ops
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GreaterThan(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThan(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ExtractMostSignificantBits(Vector128<float> a) => a.ExtractMostSignificantBits();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ConvertBitsToSingle(Vector128<float> a) => Vector128.ConvertToSingle(a.AsInt32());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadBytesAsSingle(ref byte r, int i)
    {
        // Four bytes into the low lane, widened twice (pmovzx on SSE4.1, uxtl on AdvSimd).
        var bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref r, i))).AsByte();
        return Vector128.ConvertToSingle(Vector128.WidenLower(Vector128.WidenLower(bytes)).AsInt32());
    }

    /// <summary>False: no single-instruction cross-lane shift at this width on AVX2 or AdvSimd that every machine
    /// of the width has; kernels load the shifted operand.</summary>
    public static bool CanShiftIn => false;

    /// <summary>Not available at this width (<see cref="CanShiftIn"/> is false).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public static Vector128<float> ShiftIn(Vector128<float> current, Vector128<float> next, int step) =>
        throw new NotSupportedException("ShiftIn needs CanShiftIn");
}
