using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Simd;

/// <summary>128-bit (SSE, Arm AdvSimd) 32-bit integer operations for generic kernels: thin forwards to <see cref="Vector128"/>.</summary>
internal readonly struct Vector128Int32Ops : IInt32VectorOps<Vector128<int>>
{
    /// <inheritdoc/>
    public static int Count => Vector128<int>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Load(ref int r, int i) => Vector128.LoadUnsafe(ref r, (nuint)i);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<int> v, ref int r, int i) => v.StoreUnsafe(ref r, (nuint)i);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Create(int x) => Vector128.Create(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sub(Vector128<int> a, Vector128<int> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> And(Vector128<int> a, Vector128<int> b) => a & b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Or(Vector128<int> a, Vector128<int> b) => a | b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> LessThan(Vector128<int> a, Vector128<int> b) => Vector128.LessThan(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> LessThanOrEqual(Vector128<int> a, Vector128<int> b) => Vector128.LessThanOrEqual(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> ConditionalSelect(Vector128<int> mask, Vector128<int> ifTrue, Vector128<int> ifFalse) =>
        Vector128.ConditionalSelect(mask, ifTrue, ifFalse);
}
