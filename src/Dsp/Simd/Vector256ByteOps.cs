using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Simd;

/// <summary>256-bit (AVX2) byte operations for generic scans: thin forwards to <see cref="Vector256"/>.</summary>
internal readonly struct Vector256ByteOps : IByteVectorOps<Vector256<byte>>
{
    /// <inheritdoc/>
    public static int Count => Vector256<byte>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Load(ref byte r, int i) => Vector256.LoadUnsafe(ref r, (nuint)i);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Create(byte x) => Vector256.Create(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> CompareEqual(Vector256<byte> a, Vector256<byte> b) => Vector256.Equals(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ExtractMostSignificantBits(Vector256<byte> a) => a.ExtractMostSignificantBits();
}
