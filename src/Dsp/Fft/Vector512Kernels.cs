using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Fft;

/// <summary>
/// AVX-512-only Stockham stages on split complex data (16 floats per vector): radix 8 and the permute-transposed
/// radix-4 first stages. Same index map and butterflies as <see cref="ScalarKernels"/>; twiddles are applied
/// with fused multiply-adds. The radix-2/3/4/5 strided stages are shared with the narrower widths in
/// <see cref="StridedKernels{TVec, TOps}"/>.
/// </summary>
internal static class Vector512Kernels
{
    private const int W = 16;

    /// <summary>
    /// Vector512 over k for a stage whose stride is a multiple of 16: radix 8 here (the planner only picks it on
    /// the 512-bit path), radix 2, 3, 4 and 5 in the width-generic <see cref="StridedKernels{TVec, TOps}"/>.
    /// </summary>
    public static void Strided(FftStage st, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi)
    {
        if (st.Radix == 8)
        {
            Radix8(st, ref MemoryMarshal.GetReference(xr), ref MemoryMarshal.GetReference(xi),
                ref MemoryMarshal.GetReference(yr), ref MemoryMarshal.GetReference(yi));
        }
        else
        {
            StridedKernels<Vector512<float>, Vector512Ops>.Strided(st, xr, xi, yr, yi);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Ld(ref float r, int i) => Vector512.LoadUnsafe(ref r, (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void St(Vector512<float> v, ref float r, int i) => v.StoreUnsafe(ref r, (nuint)i);

    /// <summary>Stores (br + i·bi)·(wr + i·wi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StMul(ref float yr, ref float yi, int i, Vector512<float> br, Vector512<float> bi,
        Vector512<float> wr, Vector512<float> wi)
    {
        St(Vector512.FusedMultiplyAdd(br, wr, -(bi * wi)), ref yr, i);
        St(Vector512.FusedMultiplyAdd(br, wi, bi * wr), ref yi, i);
    }

    /// <summary>
    /// Radix-8 butterfly (fewer passes over memory for long powers of two): a radix-2 split between a_j and
    /// a_{j+4}, the differences rotated by w8^j, then two radix-4 DFTs giving the even and the odd outputs.
    /// </summary>
    private static void Radix8(FftStage st, ref float xr, ref float xi, ref float yr, ref float yi)
    {
        int s = st.Stride, m = st.M;
        var sm = s * m;
        var r = Vector512.Create(0.707106781186547524400844362104849039f);
        for (var q = 0; q < m; q++)
        {
            var tw = 7 * q;
            for (var k = 0; k < s; k += W)
            {
                var i = s * q + k;
                Vector512<float> a0r = Ld(ref xr, i), a0i = Ld(ref xi, i);
                Vector512<float> a1r = Ld(ref xr, i + sm), a1i = Ld(ref xi, i + sm);
                Vector512<float> a2r = Ld(ref xr, i + 2 * sm), a2i = Ld(ref xi, i + 2 * sm);
                Vector512<float> a3r = Ld(ref xr, i + 3 * sm), a3i = Ld(ref xi, i + 3 * sm);
                Vector512<float> a4r = Ld(ref xr, i + 4 * sm), a4i = Ld(ref xi, i + 4 * sm);
                Vector512<float> a5r = Ld(ref xr, i + 5 * sm), a5i = Ld(ref xi, i + 5 * sm);
                Vector512<float> a6r = Ld(ref xr, i + 6 * sm), a6i = Ld(ref xi, i + 6 * sm);
                Vector512<float> a7r = Ld(ref xr, i + 7 * sm), a7i = Ld(ref xi, i + 7 * sm);
                // u_j = a_j + a_{j+4}; v_j = (a_j - a_{j+4})·w8^j.
                Vector512<float> u0r = a0r + a4r, u0i = a0i + a4i, u1r = a1r + a5r, u1i = a1i + a5i;
                Vector512<float> u2r = a2r + a6r, u2i = a2i + a6i, u3r = a3r + a7r, u3i = a3i + a7i;
                Vector512<float> v0r = a0r - a4r, v0i = a0i - a4i;
                Vector512<float> d1r = a1r - a5r, d1i = a1i - a5i;
                Vector512<float> d2r = a2r - a6r, d2i = a2i - a6i;
                Vector512<float> d3r = a3r - a7r, d3i = a3i - a7i;
                // w8 = (1 - i)/√2, w8² = -i, w8³ = -(1 + i)/√2.
                Vector512<float> v1r = r * (d1r + d1i), v1i = r * (d1i - d1r);
                Vector512<float> v2r = d2i, v2i = -d2r;
                Vector512<float> v3r = r * (d3i - d3r), v3i = -r * (d3r + d3i);
                // Even outputs: DFT4(u).
                Vector512<float> t0r = u0r + u2r, t0i = u0i + u2i, t1r = u0r - u2r, t1i = u0i - u2i;
                Vector512<float> t2r = u1r + u3r, t2i = u1i + u3i, t3r = u1r - u3r, t3i = u1i - u3i;
                // Odd outputs: DFT4(v).
                Vector512<float> p0r = v0r + v2r, p0i = v0i + v2i, p1r = v0r - v2r, p1i = v0i - v2i;
                Vector512<float> p2r = v1r + v3r, p2i = v1i + v3i, p3r = v1r - v3r, p3i = v1i - v3i;
                var o = 8 * s * q + k;
                St(t0r + t2r, ref yr, o);
                St(t0i + t2i, ref yi, o);
                StMul(ref yr, ref yi, o + s, p0r + p2r, p0i + p2i, Vector512.Create(st.TwRe[tw]), Vector512.Create(st.TwIm[tw]));
                StMul(ref yr, ref yi, o + 2 * s, t1r + t3i, t1i - t3r, Vector512.Create(st.TwRe[tw + 1]), Vector512.Create(st.TwIm[tw + 1]));
                StMul(ref yr, ref yi, o + 3 * s, p1r + p3i, p1i - p3r, Vector512.Create(st.TwRe[tw + 2]), Vector512.Create(st.TwIm[tw + 2]));
                StMul(ref yr, ref yi, o + 4 * s, t0r - t2r, t0i - t2i, Vector512.Create(st.TwRe[tw + 3]), Vector512.Create(st.TwIm[tw + 3]));
                StMul(ref yr, ref yi, o + 5 * s, p0r - p2r, p0i - p2i, Vector512.Create(st.TwRe[tw + 4]), Vector512.Create(st.TwIm[tw + 4]));
                StMul(ref yr, ref yi, o + 6 * s, t1r - t3i, t1i + t3r, Vector512.Create(st.TwRe[tw + 5]), Vector512.Create(st.TwIm[tw + 5]));
                StMul(ref yr, ref yi, o + 7 * s, p1r - p3i, p1i + p3r, Vector512.Create(st.TwRe[tw + 6]), Vector512.Create(st.TwIm[tw + 6]));
            }
        }
    }

    /// <summary>
    /// Radix-4 stage with stride 1 or 4 (the first two stages of a power-of-two plan), vectorized over the
    /// contiguous input index i = q·s + k. The four butterfly outputs for one i go to y[4·s·q + j·s + k], so
    /// the four result vectors are transposed (in 1-float or 4-float blocks) before the stores.
    /// Twiddles come from the per-element tables <see cref="FftStage.ExRe"/>/<see cref="FftStage.ExIm"/>.
    /// </summary>
    public static void Radix4Small(FftStage st, ReadOnlySpan<float> xrs, ReadOnlySpan<float> xis, Span<float> yrs, Span<float> yis)
    {
        ref var xr = ref MemoryMarshal.GetReference(xrs);
        ref var xi = ref MemoryMarshal.GetReference(xis);
        ref var yr = ref MemoryMarshal.GetReference(yrs);
        ref var yi = ref MemoryMarshal.GetReference(yis);
        ref var er = ref MemoryMarshal.GetArrayDataReference(st.ExRe);
        ref var ei = ref MemoryMarshal.GetArrayDataReference(st.ExIm);
        var l = st.M * st.Stride;
        Vector512<int> lo, hi;
        if (st.Stride == 1)
        {
            lo = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            hi = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        }
        else
        {
            lo = Vector512.Create(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
            hi = Vector512.Create(8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
        }
        for (var i = 0; i + W <= l; i += W)
        {
            Vector512<float> a0r = Ld(ref xr, i), a0i = Ld(ref xi, i);
            Vector512<float> a1r = Ld(ref xr, i + l), a1i = Ld(ref xi, i + l);
            Vector512<float> a2r = Ld(ref xr, i + 2 * l), a2i = Ld(ref xi, i + 2 * l);
            Vector512<float> a3r = Ld(ref xr, i + 3 * l), a3i = Ld(ref xi, i + 3 * l);
            Vector512<float> t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
            Vector512<float> t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
            var b0r = t0r + t2r;
            var b0i = t0i + t2i;
            Mul(t1r + t3i, t1i - t3r, Ld(ref er, i), Ld(ref ei, i), out var b1r, out var b1i);
            Mul(t0r - t2r, t0i - t2i, Ld(ref er, i + l), Ld(ref ei, i + l), out var b2r, out var b2i);
            Mul(t1r - t3i, t1i + t3r, Ld(ref er, i + 2 * l), Ld(ref ei, i + 2 * l), out var b3r, out var b3i);
            var o = 4 * i;
            Transpose4(b0r, b1r, b2r, b3r, lo, hi, ref yr, o);
            Transpose4(b0i, b1i, b2i, b3i, lo, hi, ref yi, o);
        }
        // Tail (l not a multiple of 16, only for lengths with odd factors): scalar, same map.
        var s = st.Stride;
        for (var i = l - l % W; i < l; i++)
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
        yr[idx] = re * wr - im * wi;
        yi[idx] = re * wi + im * wr;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mul(Vector512<float> br, Vector512<float> bi, Vector512<float> wr, Vector512<float> wi,
        out Vector512<float> pr, out Vector512<float> pi)
    {
        pr = Vector512.FusedMultiplyAdd(br, wr, -(bi * wi));
        pi = Vector512.FusedMultiplyAdd(br, wi, bi * wr);
    }

    /// <summary>Interleaves b0..b3 (two rounds of two-way interleave) and stores 64 floats at y[o].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(Vector512<float> b0, Vector512<float> b1, Vector512<float> b2, Vector512<float> b3,
        Vector512<int> lo, Vector512<int> hi, ref float y, int o)
    {
        var c0 = Avx512F.PermuteVar16x32x2(b0, lo, b2);
        var c1 = Avx512F.PermuteVar16x32x2(b0, hi, b2);
        var d0 = Avx512F.PermuteVar16x32x2(b1, lo, b3);
        var d1 = Avx512F.PermuteVar16x32x2(b1, hi, b3);
        St(Avx512F.PermuteVar16x32x2(c0, lo, d0), ref y, o);
        St(Avx512F.PermuteVar16x32x2(c0, hi, d0), ref y, o + W);
        St(Avx512F.PermuteVar16x32x2(c1, lo, d1), ref y, o + 2 * W);
        St(Avx512F.PermuteVar16x32x2(c1, hi, d1), ref y, o + 3 * W);
    }
}
