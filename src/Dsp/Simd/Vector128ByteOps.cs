using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Simd;

/// <summary>128-bit (SSE, Arm AdvSimd) byte operations for generic scans: thin forwards to <see cref="Vector128"/>.</summary>
internal readonly struct Vector128ByteOps : IByteVectorOps<Vector128<byte>>
{
    /// <inheritdoc/>
    public static int Count => Vector128<byte>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Load(ref byte r, int i) => Vector128.LoadUnsafe(ref r, (nuint)i);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Create(byte x) => Vector128.Create(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> CompareEqual(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ExtractMostSignificantBits(Vector128<byte> a) => a.ExtractMostSignificantBits();
}
