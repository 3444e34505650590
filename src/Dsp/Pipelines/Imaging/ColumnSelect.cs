using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Pipelines.Imaging;

/// <summary>
/// Exact k-th smallest value of every column of a row-major float matrix at once (the per-beam median of a
/// range-major sonar frame, each beam a column), by a bitwise binary search on the values' bit patterns, one beam
/// per vector lane.
/// </summary>
/// <remarks>
/// <para>For non-negative floats the IEEE-754 bit pattern read as an integer is monotone in the value, so the k-th
/// smallest value is the largest key v with #{x : key(x) &lt; v} ≤ k. That v is built from the top bit down:
/// a bit is kept when the count of keys below the candidate stays ≤ k (31 counting passes over the column's
/// samples; each pass is one compare and one subtract per sample and lane, with no data-dependent branch, so 16
/// beams go through it together in an AVX-512 register). A quickselect per beam branches on every comparison and
/// was most of the imaging pipeline's time; this is exact, so the result is bit-identical to it. The sign bit is
/// cleared, so −0 counts as +0, which is what the float comparisons of a quickselect do too.</para>
/// <para>The samples of a group of lanes are first copied as keys into a small contiguous buffer (m × lanes
/// integers, L1-resident), so the 31 passes never touch the big strided matrix again.</para>
/// </remarks>
internal static class ColumnSelect
{
    /// <summary>Scratch integers <see cref="KthSmallest"/> needs for <paramref name="samples"/> samples per column.</summary>
    public static int ScratchLength(int samples) => samples * Vector512<int>.Count;

    /// <summary>
    /// result[c] = the <paramref name="k"/>-th smallest (0-based) of matrix[(firstRow + i·rowStep)·columns + c] for
    /// i in 0..samples−1, for each column c. Values must be finite or +∞ and not negative (−0 allowed).
    /// </summary>
    /// <param name="matrix">Row-major matrix, at least (firstRow + (samples − 1)·rowStep + 1) rows of
    /// <paramref name="columns"/>.</param>
    /// <param name="columns">Columns (beams).</param>
    /// <param name="firstRow">First sampled row.</param>
    /// <param name="rowStep">Rows between samples, &gt;= 1.</param>
    /// <param name="samples">Samples per column, &gt;= 1.</param>
    /// <param name="k">Rank, 0..samples−1.</param>
    /// <param name="result">Receives one value per column.</param>
    /// <param name="scratch">At least <see cref="ScratchLength"/>(samples) integers.</param>
    public static void KthSmallest(ReadOnlySpan<float> matrix, int columns, int firstRow, int rowStep, int samples,
        int k, Span<float> result, Span<int> scratch)
    {
        var c = 0;
        ref var m0 = ref MemoryMarshal.GetReference(matrix);
        ref var s0 = ref MemoryMarshal.GetReference(scratch);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; c <= columns - Vector512<int>.Count; c += Vector512<int>.Count)
            {
                var kth = Select512(ref m0, ref s0, columns, c, firstRow, rowStep, samples, k);
                kth.AsSingle().StoreUnsafe(ref MemoryMarshal.GetReference(result), (nuint)c);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; c <= columns - Vector128<int>.Count; c += Vector128<int>.Count)
            {
                var kth = Select128(ref m0, ref s0, columns, c, firstRow, rowStep, samples, k);
                kth.AsSingle().StoreUnsafe(ref MemoryMarshal.GetReference(result), (nuint)c);
            }
        }
        for (; c < columns; c++)
        {
            result[c] = SelectScalar(matrix, scratch, columns, c, firstRow, rowStep, samples, k);
        }
    }

    private static Vector512<int> Select512(ref float m0, ref int s0, int columns, int c, int firstRow, int rowStep,
        int samples, int k)
    {
        var lanes = Vector512<int>.Count;
        var magnitude = Vector512.Create(int.MaxValue);
        for (var i = 0; i < samples; i++)
        {
            var at = (nuint)((firstRow + i * rowStep) * columns + c);
            var key = Vector512.LoadUnsafe(ref m0, at).AsInt32() & magnitude;
            key.StoreUnsafe(ref s0, (nuint)(i * lanes));
        }
        var rank = Vector512.Create(k);
        var kth = Vector512<int>.Zero;
        for (var bit = 30; bit >= 0; bit--)
        {
            var candidate = kth | Vector512.Create(1 << bit);
            var below = Vector512<int>.Zero;
            for (var i = 0; i < samples; i++)
            {
                // A true compare lane is −1: subtracting it counts the key.
                below -= Vector512.LessThan(Vector512.LoadUnsafe(ref s0, (nuint)(i * lanes)), candidate);
            }
            kth = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(below, rank), candidate, kth);
        }
        return kth;
    }

    private static Vector128<int> Select128(ref float m0, ref int s0, int columns, int c, int firstRow, int rowStep,
        int samples, int k)
    {
        var lanes = Vector128<int>.Count;
        var magnitude = Vector128.Create(int.MaxValue);
        for (var i = 0; i < samples; i++)
        {
            var at = (nuint)((firstRow + i * rowStep) * columns + c);
            var key = Vector128.LoadUnsafe(ref m0, at).AsInt32() & magnitude;
            key.StoreUnsafe(ref s0, (nuint)(i * lanes));
        }
        var rank = Vector128.Create(k);
        var kth = Vector128<int>.Zero;
        for (var bit = 30; bit >= 0; bit--)
        {
            var candidate = kth | Vector128.Create(1 << bit);
            var below = Vector128<int>.Zero;
            for (var i = 0; i < samples; i++)
            {
                below -= Vector128.LessThan(Vector128.LoadUnsafe(ref s0, (nuint)(i * lanes)), candidate);
            }
            kth = Vector128.ConditionalSelect(Vector128.LessThanOrEqual(below, rank), candidate, kth);
        }
        return kth;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float SelectScalar(ReadOnlySpan<float> matrix, Span<int> scratch, int columns, int c, int firstRow,
        int rowStep, int samples, int k)
    {
        for (var i = 0; i < samples; i++)
        {
            scratch[i] = BitConverter.SingleToInt32Bits(matrix[(firstRow + i * rowStep) * columns + c]) & int.MaxValue;
        }
        var kth = 0;
        for (var bit = 30; bit >= 0; bit--)
        {
            var candidate = kth | (1 << bit);
            var below = 0;
            for (var i = 0; i < samples; i++)
            {
                below += scratch[i] < candidate ? 1 : 0;
            }
            if (below <= k)
            {
                kth = candidate;
            }
        }
        return BitConverter.Int32BitsToSingle(kth);
    }
}
