using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Simd;

/// <summary>512-bit (AVX-512) byte operations for generic scans: thin forwards to <see cref="Vector512"/>.</summary>
internal readonly struct Vector512ByteOps : IByteVectorOps<Vector512<byte>>
{
    /// <inheritdoc/>
    public static int Count => Vector512<byte>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Load(ref byte r, int i) => Vector512.LoadUnsafe(ref r, (nuint)i);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Create(byte x) => Vector512.Create(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> CompareEqual(Vector512<byte> a, Vector512<byte> b) => Vector512.Equals(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ExtractMostSignificantBits(Vector512<byte> a) => a.ExtractMostSignificantBits();
}
