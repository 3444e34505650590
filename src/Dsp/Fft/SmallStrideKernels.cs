using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Fft;

/// <summary>
/// The first two radix-4 stages of a power-of-two plan (stride 1 and stride 4), where the stride is smaller than
/// the vector, written once for every width. Vectorized over the contiguous input index i = q·s + k; the four
/// butterfly outputs of one i go to y[4·s·q + j·s + k], so the result vectors are transposed in registers (lanes
/// for s = 1, 4-float blocks for s = 4) by <typeparamref name="TShuf"/> before the stores. Twiddles come from the
/// per-element tables <see cref="FftStage.ExRe"/>/<see cref="FftStage.ExIm"/>. Without these the first stages ran
/// scalar on AVX2 and 128-bit machines (522 of ~750 ns at N = 256, issue 14).
/// </summary>
/// <typeparam name="TVec">The vector type.</typeparam>
/// <typeparam name="TOps">Arithmetic on <typeparamref name="TVec"/>.</typeparam>
/// <typeparam name="TShuf">Transposes on <typeparamref name="TVec"/>.</typeparam>
internal static class SmallStrideKernels<TVec, TOps, TShuf>
    where TVec : struct
    where TOps : struct, IFloatVectorOps<TVec>
    where TShuf : struct, IVectorShuffleOps<TVec>
{
    /// <summary>True when this width can run a radix-4 stage of stride 1 or 4 with at least one full vector.</summary>
    public static bool Fits(FftStage st) =>
        st.Radix == 4 && (st.Stride == 1 || (st.Stride == 4 && TOps.Count >= 4)) && st.M * st.Stride >= TOps.Count;

    /// <summary>One radix-4 stage of stride 1 or 4 (see <see cref="Fits"/>); needs <see cref="FftStage.Expand"/>.</summary>
    public static void Radix4(FftStage st, ReadOnlySpan<float> xrs, ReadOnlySpan<float> xis, Span<float> yrs, Span<float> yis)
    {
        ref var xr = ref MemoryMarshal.GetReference(xrs);
        ref var xi = ref MemoryMarshal.GetReference(xis);
        ref var yr = ref MemoryMarshal.GetReference(yrs);
        ref var yi = ref MemoryMarshal.GetReference(yis);
        ref var er = ref MemoryMarshal.GetArrayDataReference(st.ExRe);
        ref var ei = ref MemoryMarshal.GetArrayDataReference(st.ExIm);
        var l = st.M * st.Stride;
        var w = TOps.Count;
        var blocks = st.Stride != 1;
        for (var i = 0; i + w <= l; i += w)
        {
            TVec a0r = TOps.Load(ref xr, i), a0i = TOps.Load(ref xi, i);
            TVec a1r = TOps.Load(ref xr, i + l), a1i = TOps.Load(ref xi, i + l);
            TVec a2r = TOps.Load(ref xr, i + 2 * l), a2i = TOps.Load(ref xi, i + 2 * l);
            TVec a3r = TOps.Load(ref xr, i + 3 * l), a3i = TOps.Load(ref xi, i + 3 * l);
            TVec t0r = TOps.Add(a0r, a2r), t0i = TOps.Add(a0i, a2i), t1r = TOps.Sub(a0r, a2r), t1i = TOps.Sub(a0i, a2i);
            TVec t2r = TOps.Add(a1r, a3r), t2i = TOps.Add(a1i, a3i), t3r = TOps.Sub(a1r, a3r), t3i = TOps.Sub(a1i, a3i);
            var b0r = TOps.Add(t0r, t2r);
            var b0i = TOps.Add(t0i, t2i);
            Mul(TOps.Add(t1r, t3i), TOps.Sub(t1i, t3r), TOps.Load(ref er, i), TOps.Load(ref ei, i), out var b1r, out var b1i);
            Mul(TOps.Sub(t0r, t2r), TOps.Sub(t0i, t2i), TOps.Load(ref er, i + l), TOps.Load(ref ei, i + l), out var b2r, out var b2i);
            Mul(TOps.Sub(t1r, t3i), TOps.Add(t1i, t3r), TOps.Load(ref er, i + 2 * l), TOps.Load(ref ei, i + 2 * l), out var b3r, out var b3i);
            var o = 4 * i;
            if (blocks)
            {
                TShuf.StoreInterleavedBlocks4(b0r, b1r, b2r, b3r, ref yr, o);
                TShuf.StoreInterleavedBlocks4(b0i, b1i, b2i, b3i, ref yi, o);
            }
            else
            {
                TShuf.StoreInterleaved4(b0r, b1r, b2r, b3r, ref yr, o);
                TShuf.StoreInterleaved4(b0i, b1i, b2i, b3i, ref yi, o);
            }
        }
        // Tail (l not a multiple of the width, only for lengths with odd factors): scalar, same map.
        var s = st.Stride;
        for (var i = l - l % w; i < l; i++)
        {
            float a0r = xrs[i], a0i = xis[i], a1r = xrs[i + l], a1i = xis[i + l];
            float a2r = xrs[i + 2 * l], a2i = xis[i + 2 * l], a3r = xrs[i + 3 * l], a3i = xis[i + 3 * l];
            float t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
            float t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
            var o = 4 * s * (i / s) + i % s;
            yrs[o] = t0r + t2r;
            yis[o] = t0i + t2i;
            StoreScalar(yrs, yis, o + s, t1r + t3i, t1i - t3r, st.ExRe[i], st.ExIm[i]);
            StoreScalar(yrs, yis, o + 2 * s, t0r - t2r, t0i - t2i, st.ExRe[i + l], st.ExIm[i + l]);
            StoreScalar(yrs, yis, o + 3 * s, t1r - t3i, t1i + t3r, st.ExRe[i + 2 * l], st.ExIm[i + 2 * l]);
        }
    }

    private static void StoreScalar(Span<float> yr, Span<float> yi, int idx, float re, float im, float wr, float wi)
    {
        // The vector body's arithmetic (fused products), so a length's tail and body round alike.
        yr[idx] = MathF.FusedMultiplyAdd(re, wr, -(im * wi));
        yi[idx] = MathF.FusedMultiplyAdd(re, wi, im * wr);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mul(TVec br, TVec bi, TVec wr, TVec wi, out TVec pr, out TVec pi)
    {
        pr = TOps.Fma(br, wr, TOps.Neg(TOps.Mul(bi, wi)));
        pi = TOps.Fma(br, wi, TOps.Mul(bi, wr));
    }
}
