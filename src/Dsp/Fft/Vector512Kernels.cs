using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RovDsp.Dsp.Fft;

/// <summary>
/// AVX-512 Stockham stages on split complex data (16 floats per vector). Same index map and butterflies as
/// <see cref="ScalarKernels"/>; twiddles are applied with fused multiply-adds.
/// </summary>
internal static class Vector512Kernels
{
    private const int W = 16;

    /// <summary>Vector512 over k for a stage whose stride is a multiple of 16; radix 2, 3, 4 or 5.</summary>
    public static void Strided(FftStage st, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi)
    {
        ref var rxr = ref MemoryMarshal.GetReference(xr);
        ref var rxi = ref MemoryMarshal.GetReference(xi);
        ref var ryr = ref MemoryMarshal.GetReference(yr);
        ref var ryi = ref MemoryMarshal.GetReference(yi);
        switch (st.Radix)
        {
            case 2:
                Radix2(st, ref rxr, ref rxi, ref ryr, ref ryi);
                break;
            case 3:
                Radix3(st, ref rxr, ref rxi, ref ryr, ref ryi);
                break;
            case 4:
                Radix4(st, ref rxr, ref rxi, ref ryr, ref ryi);
                break;
            default:
                Radix5(st, ref rxr, ref rxi, ref ryr, ref ryi);
                break;
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

    private static void Radix2(FftStage st, ref float xr, ref float xi, ref float yr, ref float yi)
    {
        int s = st.Stride, m = st.M;
        for (var q = 0; q < m; q++)
        {
            var w1r = Vector512.Create(st.TwRe[q]);
            var w1i = Vector512.Create(st.TwIm[q]);
            var i0 = s * q;
            var i1 = s * (q + m);
            var o = 2 * s * q;
            for (var k = 0; k < s; k += W)
            {
                Vector512<float> ar = Ld(ref xr, i0 + k), ai = Ld(ref xi, i0 + k);
                Vector512<float> br = Ld(ref xr, i1 + k), bi = Ld(ref xi, i1 + k);
                St(ar + br, ref yr, o + k);
                St(ai + bi, ref yi, o + k);
                StMul(ref yr, ref yi, o + s + k, ar - br, ai - bi, w1r, w1i);
            }
        }
    }

    private static void Radix3(FftStage st, ref float xr, ref float xi, ref float yr, ref float yi)
    {
        int s = st.Stride, m = st.M;
        var sm = s * m;
        var half = Vector512.Create(0.5f);
        var s3 = Vector512.Create(0.866025403784438646763723170752936183f);
        for (var q = 0; q < m; q++)
        {
            var w1r = Vector512.Create(st.TwRe[2 * q]);
            var w1i = Vector512.Create(st.TwIm[2 * q]);
            var w2r = Vector512.Create(st.TwRe[2 * q + 1]);
            var w2i = Vector512.Create(st.TwIm[2 * q + 1]);
            var i0 = s * q;
            var o = 3 * s * q;
            for (var k = 0; k < s; k += W)
            {
                var i = i0 + k;
                Vector512<float> a0r = Ld(ref xr, i), a0i = Ld(ref xi, i);
                Vector512<float> a1r = Ld(ref xr, i + sm), a1i = Ld(ref xi, i + sm);
                Vector512<float> a2r = Ld(ref xr, i + 2 * sm), a2i = Ld(ref xi, i + 2 * sm);
                Vector512<float> sr = a1r + a2r, si = a1i + a2i, dr = (a1r - a2r) * s3, di = (a1i - a2i) * s3;
                var tr = Vector512.FusedMultiplyAdd(-half, sr, a0r);
                var ti = Vector512.FusedMultiplyAdd(-half, si, a0i);
                St(a0r + sr, ref yr, o + k);
                St(a0i + si, ref yi, o + k);
                StMul(ref yr, ref yi, o + s + k, tr + di, ti - dr, w1r, w1i);
                StMul(ref yr, ref yi, o + 2 * s + k, tr - di, ti + dr, w2r, w2i);
            }
        }
    }

    private static void Radix4(FftStage st, ref float xr, ref float xi, ref float yr, ref float yi)
    {
        int s = st.Stride, m = st.M;
        var sm = s * m;
        for (var q = 0; q < m; q++)
        {
            var w1r = Vector512.Create(st.TwRe[3 * q]);
            var w1i = Vector512.Create(st.TwIm[3 * q]);
            var w2r = Vector512.Create(st.TwRe[3 * q + 1]);
            var w2i = Vector512.Create(st.TwIm[3 * q + 1]);
            var w3r = Vector512.Create(st.TwRe[3 * q + 2]);
            var w3i = Vector512.Create(st.TwIm[3 * q + 2]);
            var i0 = s * q;
            var o = 4 * s * q;
            for (var k = 0; k < s; k += W)
            {
                var i = i0 + k;
                Vector512<float> a0r = Ld(ref xr, i), a0i = Ld(ref xi, i);
                Vector512<float> a1r = Ld(ref xr, i + sm), a1i = Ld(ref xi, i + sm);
                Vector512<float> a2r = Ld(ref xr, i + 2 * sm), a2i = Ld(ref xi, i + 2 * sm);
                Vector512<float> a3r = Ld(ref xr, i + 3 * sm), a3i = Ld(ref xi, i + 3 * sm);
                Vector512<float> t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
                Vector512<float> t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
                St(t0r + t2r, ref yr, o + k);
                St(t0i + t2i, ref yi, o + k);
                StMul(ref yr, ref yi, o + s + k, t1r + t3i, t1i - t3r, w1r, w1i);
                StMul(ref yr, ref yi, o + 2 * s + k, t0r - t2r, t0i - t2i, w2r, w2i);
                StMul(ref yr, ref yi, o + 3 * s + k, t1r - t3i, t1i + t3r, w3r, w3i);
            }
        }
    }

    private static void Radix5(FftStage st, ref float xr, ref float xi, ref float yr, ref float yi)
    {
        int s = st.Stride, m = st.M;
        var sm = s * m;
        var c1 = Vector512.Create(0.309016994374947424102293417182819059f);
        var c2 = Vector512.Create(-0.809016994374947424102293417182819059f);
        var s1 = Vector512.Create(0.951056516295153572116439333379382143f);
        var s2 = Vector512.Create(0.587785252292473129168705954639072769f);
        for (var q = 0; q < m; q++)
        {
            var tw = 4 * q;
            var w1r = Vector512.Create(st.TwRe[tw]);
            var w1i = Vector512.Create(st.TwIm[tw]);
            var w2r = Vector512.Create(st.TwRe[tw + 1]);
            var w2i = Vector512.Create(st.TwIm[tw + 1]);
            var w3r = Vector512.Create(st.TwRe[tw + 2]);
            var w3i = Vector512.Create(st.TwIm[tw + 2]);
            var w4r = Vector512.Create(st.TwRe[tw + 3]);
            var w4i = Vector512.Create(st.TwIm[tw + 3]);
            var i0 = s * q;
            var o = 5 * s * q;
            for (var k = 0; k < s; k += W)
            {
                var i = i0 + k;
                Vector512<float> a0r = Ld(ref xr, i), a0i = Ld(ref xi, i);
                Vector512<float> a1r = Ld(ref xr, i + sm), a1i = Ld(ref xi, i + sm);
                Vector512<float> a2r = Ld(ref xr, i + 2 * sm), a2i = Ld(ref xi, i + 2 * sm);
                Vector512<float> a3r = Ld(ref xr, i + 3 * sm), a3i = Ld(ref xi, i + 3 * sm);
                Vector512<float> a4r = Ld(ref xr, i + 4 * sm), a4i = Ld(ref xi, i + 4 * sm);
                Vector512<float> p1r = a1r + a4r, p1i = a1i + a4i, d1r = a1r - a4r, d1i = a1i - a4i;
                Vector512<float> p2r = a2r + a3r, p2i = a2i + a3i, d2r = a2r - a3r, d2i = a2i - a3i;
                var t1r = Vector512.FusedMultiplyAdd(c1, p1r, Vector512.FusedMultiplyAdd(c2, p2r, a0r));
                var t1i = Vector512.FusedMultiplyAdd(c1, p1i, Vector512.FusedMultiplyAdd(c2, p2i, a0i));
                var t2r = Vector512.FusedMultiplyAdd(c2, p1r, Vector512.FusedMultiplyAdd(c1, p2r, a0r));
                var t2i = Vector512.FusedMultiplyAdd(c2, p1i, Vector512.FusedMultiplyAdd(c1, p2i, a0i));
                var u1r = Vector512.FusedMultiplyAdd(s1, d1r, s2 * d2r);
                var u1i = Vector512.FusedMultiplyAdd(s1, d1i, s2 * d2i);
                var u2r = Vector512.FusedMultiplyAdd(s2, d1r, -(s1 * d2r));
                var u2i = Vector512.FusedMultiplyAdd(s2, d1i, -(s1 * d2i));
                St(a0r + p1r + p2r, ref yr, o + k);
                St(a0i + p1i + p2i, ref yi, o + k);
                StMul(ref yr, ref yi, o + s + k, t1r + u1i, t1i - u1r, w1r, w1i);
                StMul(ref yr, ref yi, o + 2 * s + k, t2r + u2i, t2i - u2r, w2r, w2i);
                StMul(ref yr, ref yi, o + 3 * s + k, t2r - u2i, t2i + u2r, w3r, w3i);
                StMul(ref yr, ref yi, o + 4 * s + k, t1r - u1i, t1i + u1r, w4r, w4i);
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
        for (var i = 0; i < l; i += W)
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
