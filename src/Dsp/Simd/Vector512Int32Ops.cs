using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Simd;

/// <summary>512-bit (AVX-512) 32-bit integer operations for generic kernels: thin forwards to <see cref="Vector512"/>.</summary>
internal readonly struct Vector512Int32Ops : IInt32VectorOps<Vector512<int>>
{
    /// <inheritdoc/>
    public static int Count => Vector512<int>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Load(ref int r, int i) => Vector512.LoadUnsafe(ref r, (nuint)i);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<int> v, ref int r, int i) => v.StoreUnsafe(ref r, (nuint)i);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Create(int x) => Vector512.Create(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Sub(Vector512<int> a, Vector512<int> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> And(Vector512<int> a, Vector512<int> b) => a & b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Or(Vector512<int> a, Vector512<int> b) => a | b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> LessThan(Vector512<int> a, Vector512<int> b) => Vector512.LessThan(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> LessThanOrEqual(Vector512<int> a, Vector512<int> b) => Vector512.LessThanOrEqual(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ConditionalSelect(Vector512<int> mask, Vector512<int> ifTrue, Vector512<int> ifFalse) =>
        Vector512.ConditionalSelect(mask, ifTrue, ifFalse);
}
