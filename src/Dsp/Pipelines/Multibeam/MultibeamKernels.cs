using System.Runtime.CompilerServices;

using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Pipelines.Multibeam;

/// <summary>
/// <see cref="MultibeamPipeline"/>'s elementwise loops, written once for every vector width
/// (<see cref="Vector512Ops"/>, <see cref="Vector256Ops"/>, <see cref="Vector128Ops"/>). Each starts at the element
/// it is given and returns the first element it left for the next, narrower width or the pipeline's scalar code,
/// whose per-element arithmetic is the same (plain multiplies and adds in the same order, nothing fused), so the
/// image does not depend on the width that computed it.
/// </summary>
/// <typeparam name="TVec">The vector type.</typeparam>
/// <typeparam name="TOps">The operations on <typeparamref name="TVec"/>.</typeparam>
internal static class MultibeamKernels<TVec, TOps>
    where TVec : struct
    where TOps : struct, IFloatVectorOps<TVec>
{
    /// <summary>dst[i] = (x[i − h]·s + … + x[i + h]·s) · third, added left to right, for i from
    /// <paramref name="i"/> while a whole vector fits below <paramref name="end"/>; x and dst are one beam.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ScaleAndBox(ref float x, ref float dst, float s, float third, int h, int i, int end)
    {
        var w = TOps.Count;
        var vs = TOps.Create(s);
        var vt = TOps.Create(third);
        var width = 2 * h + 1;
        for (; i <= end - w; i += w)
        {
            var from = i - h;
            var acc = TOps.Mul(TOps.Load(ref x, from), vs);
            for (var k = 1; k < width; k++)
            {
                acc = TOps.Add(acc, TOps.Mul(TOps.Load(ref x, from + k), vs));
            }
            TOps.Store(TOps.Mul(acc, vt), ref dst, i);
        }
        return i;
    }

    /// <summary>dst[i] = (float)src[i] (squared when <paramref name="square"/>) · factor from <paramref name="i"/>
    /// while a whole vector of bytes fits in <paramref name="length"/>.</summary>
    public static int WidenScale(ref byte src, ref float dst, float factor, bool square, int i, int length)
    {
        var w = TOps.Count;
        var vf = TOps.Create(factor);
        for (; i <= length - w; i += w)
        {
            var v = TOps.LoadBytesAsSingle(ref src, i);
            if (square)
            {
                v = TOps.Mul(v, v);
            }
            TOps.Store(TOps.Mul(v, vf), ref dst, i);
        }
        return i;
    }

    /// <summary>y[i] = (float)bits(x[i])·scale + offset from <paramref name="i"/> while a whole vector fits in
    /// <paramref name="length"/>.</summary>
    public static int BitLogAffine(ref float x, ref float y, float scale, float offset, int i, int length)
    {
        var w = TOps.Count;
        var vs = TOps.Create(scale);
        var vo = TOps.Create(offset);
        for (; i <= length - w; i += w)
        {
            TOps.Store(TOps.Add(TOps.Mul(TOps.ConvertBitsToSingle(TOps.Load(ref x, i)), vs), vo), ref y, i);
        }
        return i;
    }
}
