using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Simd;

/// <summary>256-bit (AVX2) 32-bit integer operations for generic kernels: thin forwards to <see cref="Vector256"/>.</summary>
internal readonly struct Vector256Int32Ops : IInt32VectorOps<Vector256<int>>
{
    /// <inheritdoc/>
    public static int Count => Vector256<int>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Load(ref int r, int i) => Vector256.LoadUnsafe(ref r, (nuint)i);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<int> v, ref int r, int i) => v.StoreUnsafe(ref r, (nuint)i);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Create(int x) => Vector256.Create(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Sub(Vector256<int> a, Vector256<int> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> And(Vector256<int> a, Vector256<int> b) => a & b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Or(Vector256<int> a, Vector256<int> b) => a | b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> LessThan(Vector256<int> a, Vector256<int> b) => Vector256.LessThan(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> LessThanOrEqual(Vector256<int> a, Vector256<int> b) => Vector256.LessThanOrEqual(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ConditionalSelect(Vector256<int> mask, Vector256<int> ifTrue, Vector256<int> ifFalse) =>
        Vector256.ConditionalSelect(mask, ifTrue, ifFalse);
}
