using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Pipelines.Multibeam;

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
/// beams go through it together in an AVX-512 register, 8 in AVX2, 4 in SSE or AdvSimd; the same integer steps
/// per lane as the scalar search, so every width gives the same result). A quickselect per beam branches on every
/// comparison and was most of the imaging pipeline's time; this is exact, so the result is bit-identical to it.
/// The sign bit is cleared, so −0 counts as +0, which is what the float comparisons of a quickselect do too.</para>
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
    /// <param name="path">Widest vector path to use (the pipeline's).</param>
    public static void KthSmallest(ReadOnlySpan<float> matrix, int columns, int firstRow, int rowStep, int samples,
        int k, Span<float> result, Span<int> scratch, VectorPath path)
    {
        var c = 0;
        // Keys are the floats' bits with the sign cleared: read the matrix as integers.
        ref var m0 = ref Unsafe.As<float, int>(ref MemoryMarshal.GetReference(matrix));
        ref var s0 = ref MemoryMarshal.GetReference(scratch);
        ref var r0 = ref Unsafe.As<float, int>(ref MemoryMarshal.GetReference(result));
        if (path >= VectorPath.Vector512)
        {
            c = Select<Vector512<int>, Vector512Int32Ops>(ref m0, ref s0, ref r0, columns, c, firstRow, rowStep, samples, k);
        }
        if (path >= VectorPath.Vector256)
        {
            c = Select<Vector256<int>, Vector256Int32Ops>(ref m0, ref s0, ref r0, columns, c, firstRow, rowStep, samples, k);
        }
        if (path >= VectorPath.Vector128)
        {
            c = Select<Vector128<int>, Vector128Int32Ops>(ref m0, ref s0, ref r0, columns, c, firstRow, rowStep, samples, k);
        }
        for (; c < columns; c++)
        {
            result[c] = SelectScalar(matrix, scratch, columns, c, firstRow, rowStep, samples, k);
        }
    }

    /// <summary>The columns from <paramref name="c"/> on, a vector of them at a time (one per lane), with the
    /// scalar search's steps lane-wise; returns the first column left.</summary>
    private static int Select<TVec, TOps>(ref int m0, ref int s0, ref int r0, int columns, int c, int firstRow,
        int rowStep, int samples, int k)
        where TVec : struct
        where TOps : struct, IInt32VectorOps<TVec>
    {
        var lanes = TOps.Count;
        var magnitude = TOps.Create(int.MaxValue);
        var rank = TOps.Create(k);
        for (; c <= columns - lanes; c += lanes)
        {
            for (var i = 0; i < samples; i++)
            {
                var key = TOps.And(TOps.Load(ref m0, (firstRow + i * rowStep) * columns + c), magnitude);
                TOps.Store(key, ref s0, i * lanes);
            }
            var kth = TOps.Create(0);
            for (var bit = 30; bit >= 0; bit--)
            {
                var candidate = TOps.Or(kth, TOps.Create(1 << bit));
                var below = TOps.Create(0);
                for (var i = 0; i < samples; i++)
                {
                    // A true compare lane is −1: subtracting it counts the key.
                    below = TOps.Sub(below, TOps.LessThan(TOps.Load(ref s0, i * lanes), candidate));
                }
                kth = TOps.ConditionalSelect(TOps.LessThanOrEqual(below, rank), candidate, kth);
            }
            TOps.Store(kth, ref r0, c);
        }
        return c;
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
