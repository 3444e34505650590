using System.Runtime.CompilerServices;

using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Detection;

/// <summary>
/// <see cref="CellAveragingCfar2D"/>'s per-beam CFAR loops, written once for every vector width
/// (<see cref="Vector512Ops"/>, <see cref="Vector256Ops"/>, <see cref="Vector128Ops"/>). Each starts at the
/// element it is given and returns the first element it left (the next, narrower width or the scalar code in
/// the CFAR takes it from there). A lane does exactly what the CFAR's scalar code does for that element:
/// the same float additions in the same order, the same multiply and compare, so the detections do not depend on
/// the width that found them. The column sums and level passes are inlined into the CFAR's ladder: they run
/// per beam and per level, thousands of times a frame, and a call per width each time cost the AVX-512 path about
/// 3 % of the detector. The threshold compare is not: its three widths inlined into one method made the 128-bit
/// path 7 % slower.
/// </summary>
/// <typeparam name="TVec">The vector type.</typeparam>
/// <typeparam name="TOps">The operations on <typeparamref name="TVec"/>.</typeparam>
internal static class CfarKernels<TVec, TOps>
    where TVec : struct
    where TOps : struct, IFloatVectorOps<TVec>
{
    /// <summary>Column sums of output beam <paramref name="b"/> from element <paramref name="i"/> on (see
    /// <c>CellAveragingCfar2D.ColumnSums</c> for the order of the additions).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ColumnSums(ref float image, ref float colG, ref float colO, int b, int bins, int bg, int bo, int i)
    {
        var w = TOps.Count;
        for (; i <= bins - w; i += w)
        {
            var g = TOps.Load(ref image, (b - bg) * bins + i);
            for (var j = -bg + 1; j <= bg; j++)
            {
                g = TOps.Add(g, TOps.Load(ref image, (b + j) * bins + i));
            }
            TOps.Store(g, ref colG, i);
            var o = g;
            for (var j = bg + 1; j <= bo; j++)
            {
                o = TOps.Add(o, TOps.Load(ref image, (b + j) * bins + i));
                o = TOps.Add(o, TOps.Load(ref image, (b - j) * bins + i));
            }
            TOps.Store(o, ref colO, i);
        }
        return i;
    }

    /// <summary>
    /// One doubling level from element <paramref name="j"/> on: level[j] = previous[j] + previous[j + step].
    /// Where the width shifts in registers (<see cref="IFloatVectorOps{TVec}.CanShiftIn"/>, AVX-512's valignd)
    /// each input vector is loaded once and the shifted operand is the current and next vectors realigned, not a
    /// second, cache-line-splitting load; the last vector may then run up to a vector past
    /// <paramref name="length"/> (reading and writing the segment's padding, values never used), and the level is
    /// done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Level(ref float previous, ref float level, int length, int step, int j)
    {
        var w = TOps.Count;
        if (TOps.CanShiftIn && step <= w)
        {
            var current = TOps.Load(ref previous, j);
            for (; j < length; j += w)
            {
                var next = TOps.Load(ref previous, j + w);
                TOps.Store(TOps.Add(current, TOps.ShiftIn(current, next, step)), ref level, j);
                current = next;
            }
            return Math.Max(j, length);
        }
        for (; j <= length - w; j += w)
        {
            TOps.Store(TOps.Add(TOps.Load(ref previous, j), TOps.Load(ref previous, j + step)), ref level, j);
        }
        return j;
    }

    /// <summary>
    /// Compares the cells of one beam from cell <paramref name="c"/> on with their thresholds: training sum =
    /// (Σ outer terms) − (Σ guard terms), each sum in term order (<c>CellAveragingCfar2D.Exceeds</c>), times
    /// <paramref name="scale"/>; a cell strictly above it is recorded in <paramref name="detections"/>.
    /// </summary>
    public static int Threshold(ref float levels, ReadOnlySpan<int> outerBase, ReadOnlySpan<int> guardBase,
        ref float cells, float scale, int length, int firstCell, int c, ref CfarDetections detections)
    {
        var w = TOps.Count;
        var vScale = TOps.Create(scale);
        if (outerBase.Length == 3 && guardBase.Length == 3)
        {
            // The common window (three set bits in both widths): the same sums with the term loops unrolled.
            int o0 = outerBase[0], o1 = outerBase[1], o2 = outerBase[2];
            int g0 = guardBase[0], g1 = guardBase[1], g2 = guardBase[2];
            for (; c <= length - w; c += w)
            {
                var o = TOps.Add(TOps.Add(TOps.Load(ref levels, o0 + c), TOps.Load(ref levels, o1 + c)),
                    TOps.Load(ref levels, o2 + c));
                var g = TOps.Add(TOps.Add(TOps.Load(ref levels, g0 + c), TOps.Load(ref levels, g1 + c)),
                    TOps.Load(ref levels, g2 + c));
                Record(TOps.Load(ref cells, c), o, g, vScale, firstCell + c, ref detections);
            }
            return c;
        }
        for (; c <= length - w; c += w)
        {
            var o = TOps.Load(ref levels, outerBase[0] + c);
            for (var t = 1; t < outerBase.Length; t++)
            {
                o = TOps.Add(o, TOps.Load(ref levels, outerBase[t] + c));
            }
            var g = TOps.Load(ref levels, guardBase[0] + c);
            for (var t = 1; t < guardBase.Length; t++)
            {
                g = TOps.Add(g, TOps.Load(ref levels, guardBase[t] + c));
            }
            Record(TOps.Load(ref cells, c), o, g, vScale, firstCell + c, ref detections);
        }
        return c;
    }

    /// <summary>Records the lanes where x &gt; (o − g)·scale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Record(TVec x, TVec o, TVec g, TVec scale, int first, ref CfarDetections detections)
    {
        var lanes = TOps.ExtractMostSignificantBits(TOps.GreaterThan(x, TOps.Mul(TOps.Sub(o, g), scale)));
        if (lanes != 0)
        {
            detections.AddLanes(lanes, first);
        }
    }
}
