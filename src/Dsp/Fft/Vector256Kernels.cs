using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Fft;

/// <summary>
/// AVX2 Stockham stages on split complex data (8 floats per vector), for machines without AVX-512 and for strides that are multiples of 8 but not 16. Same index map and butterflies as
/// <see cref="ScalarKernels"/>; twiddles are applied with fused multiply-adds.
/// </summary>
internal static class Vector256Kernels
{
    private const int W = 8;

    /// <summary>Vector256 over k for a stage whose stride is a multiple of 8; radix 2, 3, 4 or 5.</summary>
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
    private static Vector256<float> Ld(ref float r, int i) => Vector256.LoadUnsafe(ref r, (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void St(Vector256<float> v, ref float r, int i) => v.StoreUnsafe(ref r, (nuint)i);

    /// <summary>Stores (br + i·bi)·(wr + i·wi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StMul(ref float yr, ref float yi, int i, Vector256<float> br, Vector256<float> bi,
        Vector256<float> wr, Vector256<float> wi)
    {
        St(Vector256.FusedMultiplyAdd(br, wr, -(bi * wi)), ref yr, i);
        St(Vector256.FusedMultiplyAdd(br, wi, bi * wr), ref yi, i);
    }

    private static void Radix2(FftStage st, ref float xr, ref float xi, ref float yr, ref float yi)
    {
        int s = st.Stride, m = st.M;
        for (var q = 0; q < m; q++)
        {
            var w1r = Vector256.Create(st.TwRe[q]);
            var w1i = Vector256.Create(st.TwIm[q]);
            var i0 = s * q;
            var i1 = s * (q + m);
            var o = 2 * s * q;
            for (var k = 0; k < s; k += W)
            {
                Vector256<float> ar = Ld(ref xr, i0 + k), ai = Ld(ref xi, i0 + k);
                Vector256<float> br = Ld(ref xr, i1 + k), bi = Ld(ref xi, i1 + k);
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
        var half = Vector256.Create(0.5f);
        var s3 = Vector256.Create(0.866025403784438646763723170752936183f);
        for (var q = 0; q < m; q++)
        {
            var w1r = Vector256.Create(st.TwRe[2 * q]);
            var w1i = Vector256.Create(st.TwIm[2 * q]);
            var w2r = Vector256.Create(st.TwRe[2 * q + 1]);
            var w2i = Vector256.Create(st.TwIm[2 * q + 1]);
            var i0 = s * q;
            var o = 3 * s * q;
            for (var k = 0; k < s; k += W)
            {
                var i = i0 + k;
                Vector256<float> a0r = Ld(ref xr, i), a0i = Ld(ref xi, i);
                Vector256<float> a1r = Ld(ref xr, i + sm), a1i = Ld(ref xi, i + sm);
                Vector256<float> a2r = Ld(ref xr, i + 2 * sm), a2i = Ld(ref xi, i + 2 * sm);
                Vector256<float> sr = a1r + a2r, si = a1i + a2i, dr = (a1r - a2r) * s3, di = (a1i - a2i) * s3;
                var tr = Vector256.FusedMultiplyAdd(-half, sr, a0r);
                var ti = Vector256.FusedMultiplyAdd(-half, si, a0i);
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
            var w1r = Vector256.Create(st.TwRe[3 * q]);
            var w1i = Vector256.Create(st.TwIm[3 * q]);
            var w2r = Vector256.Create(st.TwRe[3 * q + 1]);
            var w2i = Vector256.Create(st.TwIm[3 * q + 1]);
            var w3r = Vector256.Create(st.TwRe[3 * q + 2]);
            var w3i = Vector256.Create(st.TwIm[3 * q + 2]);
            var i0 = s * q;
            var o = 4 * s * q;
            for (var k = 0; k < s; k += W)
            {
                var i = i0 + k;
                Vector256<float> a0r = Ld(ref xr, i), a0i = Ld(ref xi, i);
                Vector256<float> a1r = Ld(ref xr, i + sm), a1i = Ld(ref xi, i + sm);
                Vector256<float> a2r = Ld(ref xr, i + 2 * sm), a2i = Ld(ref xi, i + 2 * sm);
                Vector256<float> a3r = Ld(ref xr, i + 3 * sm), a3i = Ld(ref xi, i + 3 * sm);
                Vector256<float> t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
                Vector256<float> t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
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
        var c1 = Vector256.Create(0.309016994374947424102293417182819059f);
        var c2 = Vector256.Create(-0.809016994374947424102293417182819059f);
        var s1 = Vector256.Create(0.951056516295153572116439333379382143f);
        var s2 = Vector256.Create(0.587785252292473129168705954639072769f);
        for (var q = 0; q < m; q++)
        {
            var tw = 4 * q;
            var w1r = Vector256.Create(st.TwRe[tw]);
            var w1i = Vector256.Create(st.TwIm[tw]);
            var w2r = Vector256.Create(st.TwRe[tw + 1]);
            var w2i = Vector256.Create(st.TwIm[tw + 1]);
            var w3r = Vector256.Create(st.TwRe[tw + 2]);
            var w3i = Vector256.Create(st.TwIm[tw + 2]);
            var w4r = Vector256.Create(st.TwRe[tw + 3]);
            var w4i = Vector256.Create(st.TwIm[tw + 3]);
            var i0 = s * q;
            var o = 5 * s * q;
            for (var k = 0; k < s; k += W)
            {
                var i = i0 + k;
                Vector256<float> a0r = Ld(ref xr, i), a0i = Ld(ref xi, i);
                Vector256<float> a1r = Ld(ref xr, i + sm), a1i = Ld(ref xi, i + sm);
                Vector256<float> a2r = Ld(ref xr, i + 2 * sm), a2i = Ld(ref xi, i + 2 * sm);
                Vector256<float> a3r = Ld(ref xr, i + 3 * sm), a3i = Ld(ref xi, i + 3 * sm);
                Vector256<float> a4r = Ld(ref xr, i + 4 * sm), a4i = Ld(ref xi, i + 4 * sm);
                Vector256<float> p1r = a1r + a4r, p1i = a1i + a4i, d1r = a1r - a4r, d1i = a1i - a4i;
                Vector256<float> p2r = a2r + a3r, p2i = a2i + a3i, d2r = a2r - a3r, d2i = a2i - a3i;
                var t1r = Vector256.FusedMultiplyAdd(c1, p1r, Vector256.FusedMultiplyAdd(c2, p2r, a0r));
                var t1i = Vector256.FusedMultiplyAdd(c1, p1i, Vector256.FusedMultiplyAdd(c2, p2i, a0i));
                var t2r = Vector256.FusedMultiplyAdd(c2, p1r, Vector256.FusedMultiplyAdd(c1, p2r, a0r));
                var t2i = Vector256.FusedMultiplyAdd(c2, p1i, Vector256.FusedMultiplyAdd(c1, p2i, a0i));
                var u1r = Vector256.FusedMultiplyAdd(s1, d1r, s2 * d2r);
                var u1i = Vector256.FusedMultiplyAdd(s1, d1i, s2 * d2i);
                var u2r = Vector256.FusedMultiplyAdd(s2, d1r, -(s1 * d2r));
                var u2i = Vector256.FusedMultiplyAdd(s2, d1i, -(s1 * d2i));
                St(a0r + p1r + p2r, ref yr, o + k);
                St(a0i + p1i + p2i, ref yi, o + k);
                StMul(ref yr, ref yi, o + s + k, t1r + u1i, t1i - u1r, w1r, w1i);
                StMul(ref yr, ref yi, o + 2 * s + k, t2r + u2i, t2i - u2r, w2r, w2i);
                StMul(ref yr, ref yi, o + 3 * s + k, t2r - u2i, t2i + u2r, w3r, w3i);
                StMul(ref yr, ref yi, o + 4 * s + k, t1r - u1i, t1i + u1r, w4r, w4i);
            }
        }
    }
}
