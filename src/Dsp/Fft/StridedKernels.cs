using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Fft;

/// <summary>
/// Stockham radix-2/3/4/5/8 stages vectorized over the contiguous stride index k, written once for every vector
/// width: <typeparamref name="TOps"/> is <see cref="Vector128Ops"/> (SSE, Arm AdvSimd; stride a multiple of 4),
/// <see cref="Vector256Ops"/> (AVX2; multiple of 8) or <see cref="Vector512Ops"/> (AVX-512; multiple of 16).
/// The JIT specialises the class per struct type, so each width compiles to the code the former per-width
/// copies did, with the same operations in the same order (results are bit-identical). Same index map and
/// butterflies as <see cref="ScalarKernels"/>; twiddles are applied with fused multiply-adds.
/// </summary>
/// <typeparam name="TVec">The vector type.</typeparam>
/// <typeparam name="TOps">The operations on <typeparamref name="TVec"/>.</typeparam>
internal static class StridedKernels<TVec, TOps>
    where TVec : struct
    where TOps : struct, IFloatVectorOps<TVec>
{
    /// <summary>One stage whose stride is a multiple of the vector width; radix 2, 3, 4, 5 or 8.</summary>
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
            case 8:
                Radix8(st, ref rxr, ref rxi, ref ryr, ref ryi);
                break;
            default:
                Radix5(st, ref rxr, ref rxi, ref ryr, ref ryi);
                break;
        }
    }

    /// <summary>Stores (br + i·bi)·(wr + i·wi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StMul(ref float yr, ref float yi, int i, TVec br, TVec bi, TVec wr, TVec wi)
    {
        TOps.Store(TOps.Fma(br, wr, TOps.Neg(TOps.Mul(bi, wi))), ref yr, i);
        TOps.Store(TOps.Fma(br, wi, TOps.Mul(bi, wr)), ref yi, i);
    }

    private static void Radix2(FftStage st, ref float xr, ref float xi, ref float yr, ref float yi)
    {
        int s = st.Stride, m = st.M, w = TOps.Count;
        for (var q = 0; q < m; q++)
        {
            var w1r = TOps.Create(st.TwRe[q]);
            var w1i = TOps.Create(st.TwIm[q]);
            var i0 = s * q;
            var i1 = s * (q + m);
            var o = 2 * s * q;
            for (var k = 0; k < s; k += w)
            {
                TVec ar = TOps.Load(ref xr, i0 + k), ai = TOps.Load(ref xi, i0 + k);
                TVec br = TOps.Load(ref xr, i1 + k), bi = TOps.Load(ref xi, i1 + k);
                TOps.Store(TOps.Add(ar, br), ref yr, o + k);
                TOps.Store(TOps.Add(ai, bi), ref yi, o + k);
                StMul(ref yr, ref yi, o + s + k, TOps.Sub(ar, br), TOps.Sub(ai, bi), w1r, w1i);
            }
        }
    }

    private static void Radix3(FftStage st, ref float xr, ref float xi, ref float yr, ref float yi)
    {
        int s = st.Stride, m = st.M, w = TOps.Count;
        var sm = s * m;
        var mhalf = TOps.Create(-0.5f);
        var s3 = TOps.Create(0.866025403784438646763723170752936183f);
        for (var q = 0; q < m; q++)
        {
            var w1r = TOps.Create(st.TwRe[2 * q]);
            var w1i = TOps.Create(st.TwIm[2 * q]);
            var w2r = TOps.Create(st.TwRe[2 * q + 1]);
            var w2i = TOps.Create(st.TwIm[2 * q + 1]);
            var i0 = s * q;
            var o = 3 * s * q;
            for (var k = 0; k < s; k += w)
            {
                var i = i0 + k;
                TVec a0r = TOps.Load(ref xr, i), a0i = TOps.Load(ref xi, i);
                TVec a1r = TOps.Load(ref xr, i + sm), a1i = TOps.Load(ref xi, i + sm);
                TVec a2r = TOps.Load(ref xr, i + 2 * sm), a2i = TOps.Load(ref xi, i + 2 * sm);
                TVec sr = TOps.Add(a1r, a2r), si = TOps.Add(a1i, a2i);
                TVec dr = TOps.Mul(TOps.Sub(a1r, a2r), s3), di = TOps.Mul(TOps.Sub(a1i, a2i), s3);
                var tr = TOps.Fma(mhalf, sr, a0r);
                var ti = TOps.Fma(mhalf, si, a0i);
                TOps.Store(TOps.Add(a0r, sr), ref yr, o + k);
                TOps.Store(TOps.Add(a0i, si), ref yi, o + k);
                StMul(ref yr, ref yi, o + s + k, TOps.Add(tr, di), TOps.Sub(ti, dr), w1r, w1i);
                StMul(ref yr, ref yi, o + 2 * s + k, TOps.Sub(tr, di), TOps.Add(ti, dr), w2r, w2i);
            }
        }
    }

    private static void Radix4(FftStage st, ref float xr, ref float xi, ref float yr, ref float yi)
    {
        int s = st.Stride, m = st.M, w = TOps.Count;
        var sm = s * m;
        for (var q = 0; q < m; q++)
        {
            var w1r = TOps.Create(st.TwRe[3 * q]);
            var w1i = TOps.Create(st.TwIm[3 * q]);
            var w2r = TOps.Create(st.TwRe[3 * q + 1]);
            var w2i = TOps.Create(st.TwIm[3 * q + 1]);
            var w3r = TOps.Create(st.TwRe[3 * q + 2]);
            var w3i = TOps.Create(st.TwIm[3 * q + 2]);
            var i0 = s * q;
            var o = 4 * s * q;
            for (var k = 0; k < s; k += w)
            {
                var i = i0 + k;
                TVec a0r = TOps.Load(ref xr, i), a0i = TOps.Load(ref xi, i);
                TVec a1r = TOps.Load(ref xr, i + sm), a1i = TOps.Load(ref xi, i + sm);
                TVec a2r = TOps.Load(ref xr, i + 2 * sm), a2i = TOps.Load(ref xi, i + 2 * sm);
                TVec a3r = TOps.Load(ref xr, i + 3 * sm), a3i = TOps.Load(ref xi, i + 3 * sm);
                TVec t0r = TOps.Add(a0r, a2r), t0i = TOps.Add(a0i, a2i), t1r = TOps.Sub(a0r, a2r), t1i = TOps.Sub(a0i, a2i);
                TVec t2r = TOps.Add(a1r, a3r), t2i = TOps.Add(a1i, a3i), t3r = TOps.Sub(a1r, a3r), t3i = TOps.Sub(a1i, a3i);
                TOps.Store(TOps.Add(t0r, t2r), ref yr, o + k);
                TOps.Store(TOps.Add(t0i, t2i), ref yi, o + k);
                StMul(ref yr, ref yi, o + s + k, TOps.Add(t1r, t3i), TOps.Sub(t1i, t3r), w1r, w1i);
                StMul(ref yr, ref yi, o + 2 * s + k, TOps.Sub(t0r, t2r), TOps.Sub(t0i, t2i), w2r, w2i);
                StMul(ref yr, ref yi, o + 3 * s + k, TOps.Sub(t1r, t3i), TOps.Add(t1i, t3r), w3r, w3i);
            }
        }
    }

    private static void Radix5(FftStage st, ref float xr, ref float xi, ref float yr, ref float yi)
    {
        int s = st.Stride, m = st.M, w = TOps.Count;
        var sm = s * m;
        var c1 = TOps.Create(0.309016994374947424102293417182819059f);
        var c2 = TOps.Create(-0.809016994374947424102293417182819059f);
        var s1 = TOps.Create(0.951056516295153572116439333379382143f);
        var s2 = TOps.Create(0.587785252292473129168705954639072769f);
        for (var q = 0; q < m; q++)
        {
            var tw = 4 * q;
            var w1r = TOps.Create(st.TwRe[tw]);
            var w1i = TOps.Create(st.TwIm[tw]);
            var w2r = TOps.Create(st.TwRe[tw + 1]);
            var w2i = TOps.Create(st.TwIm[tw + 1]);
            var w3r = TOps.Create(st.TwRe[tw + 2]);
            var w3i = TOps.Create(st.TwIm[tw + 2]);
            var w4r = TOps.Create(st.TwRe[tw + 3]);
            var w4i = TOps.Create(st.TwIm[tw + 3]);
            var i0 = s * q;
            var o = 5 * s * q;
            for (var k = 0; k < s; k += w)
            {
                var i = i0 + k;
                TVec a0r = TOps.Load(ref xr, i), a0i = TOps.Load(ref xi, i);
                TVec a1r = TOps.Load(ref xr, i + sm), a1i = TOps.Load(ref xi, i + sm);
                TVec a2r = TOps.Load(ref xr, i + 2 * sm), a2i = TOps.Load(ref xi, i + 2 * sm);
                TVec a3r = TOps.Load(ref xr, i + 3 * sm), a3i = TOps.Load(ref xi, i + 3 * sm);
                TVec a4r = TOps.Load(ref xr, i + 4 * sm), a4i = TOps.Load(ref xi, i + 4 * sm);
                TVec p1r = TOps.Add(a1r, a4r), p1i = TOps.Add(a1i, a4i), d1r = TOps.Sub(a1r, a4r), d1i = TOps.Sub(a1i, a4i);
                TVec p2r = TOps.Add(a2r, a3r), p2i = TOps.Add(a2i, a3i), d2r = TOps.Sub(a2r, a3r), d2i = TOps.Sub(a2i, a3i);
                var t1r = TOps.Fma(c1, p1r, TOps.Fma(c2, p2r, a0r));
                var t1i = TOps.Fma(c1, p1i, TOps.Fma(c2, p2i, a0i));
                var t2r = TOps.Fma(c2, p1r, TOps.Fma(c1, p2r, a0r));
                var t2i = TOps.Fma(c2, p1i, TOps.Fma(c1, p2i, a0i));
                var u1r = TOps.Fma(s1, d1r, TOps.Mul(s2, d2r));
                var u1i = TOps.Fma(s1, d1i, TOps.Mul(s2, d2i));
                var u2r = TOps.Fma(s2, d1r, TOps.Neg(TOps.Mul(s1, d2r)));
                var u2i = TOps.Fma(s2, d1i, TOps.Neg(TOps.Mul(s1, d2i)));
                TOps.Store(TOps.Add(TOps.Add(a0r, p1r), p2r), ref yr, o + k);
                TOps.Store(TOps.Add(TOps.Add(a0i, p1i), p2i), ref yi, o + k);
                StMul(ref yr, ref yi, o + s + k, TOps.Add(t1r, u1i), TOps.Sub(t1i, u1r), w1r, w1i);
                StMul(ref yr, ref yi, o + 2 * s + k, TOps.Add(t2r, u2i), TOps.Sub(t2i, u2r), w2r, w2i);
                StMul(ref yr, ref yi, o + 3 * s + k, TOps.Sub(t2r, u2i), TOps.Add(t2i, u2r), w3r, w3i);
                StMul(ref yr, ref yi, o + 4 * s + k, TOps.Sub(t1r, u1i), TOps.Add(t1i, u1r), w4r, w4i);
            }
        }
    }

    /// <summary>
    /// Radix-8 butterfly (fewer passes over memory for long powers of two): a radix-2 split between a_j and
    /// a_{j+4}, the differences rotated by w8^j, then two radix-4 DFTs giving the even and the odd outputs.
    /// </summary>
    private static void Radix8(FftStage st, ref float xr, ref float xi, ref float yr, ref float yi)
    {
        int s = st.Stride, m = st.M, w = TOps.Count;
        var sm = s * m;
        var r = TOps.Create(0.707106781186547524400844362104849039f);
        for (var q = 0; q < m; q++)
        {
            var tw = 7 * q;
            var o0 = 8 * s * q;
            for (var k = 0; k < s; k += w)
            {
                var i = s * q + k;
                TVec a0r = TOps.Load(ref xr, i), a0i = TOps.Load(ref xi, i);
                TVec a4r = TOps.Load(ref xr, i + 4 * sm), a4i = TOps.Load(ref xi, i + 4 * sm);
                TVec a1r = TOps.Load(ref xr, i + sm), a1i = TOps.Load(ref xi, i + sm);
                TVec a5r = TOps.Load(ref xr, i + 5 * sm), a5i = TOps.Load(ref xi, i + 5 * sm);
                TVec a2r = TOps.Load(ref xr, i + 2 * sm), a2i = TOps.Load(ref xi, i + 2 * sm);
                TVec a6r = TOps.Load(ref xr, i + 6 * sm), a6i = TOps.Load(ref xi, i + 6 * sm);
                TVec a3r = TOps.Load(ref xr, i + 3 * sm), a3i = TOps.Load(ref xi, i + 3 * sm);
                TVec a7r = TOps.Load(ref xr, i + 7 * sm), a7i = TOps.Load(ref xi, i + 7 * sm);
                // u_j = a_j + a_{j+4}; v_j = (a_j - a_{j+4})·w8^j.
                TVec u0r = TOps.Add(a0r, a4r), u0i = TOps.Add(a0i, a4i), u1r = TOps.Add(a1r, a5r), u1i = TOps.Add(a1i, a5i);
                TVec u2r = TOps.Add(a2r, a6r), u2i = TOps.Add(a2i, a6i), u3r = TOps.Add(a3r, a7r), u3i = TOps.Add(a3i, a7i);
                TVec v0r = TOps.Sub(a0r, a4r), v0i = TOps.Sub(a0i, a4i);
                TVec d1r = TOps.Sub(a1r, a5r), d1i = TOps.Sub(a1i, a5i);
                TVec d2r = TOps.Sub(a2r, a6r), d2i = TOps.Sub(a2i, a6i);
                TVec d3r = TOps.Sub(a3r, a7r), d3i = TOps.Sub(a3i, a7i);
                // w8 = (1 - i)/√2, w8² = -i, w8³ = -(1 + i)/√2.
                TVec v1r = TOps.Mul(r, TOps.Add(d1r, d1i)), v1i = TOps.Mul(r, TOps.Sub(d1i, d1r));
                TVec v2r = d2i, v2i = TOps.Neg(d2r);
                TVec v3r = TOps.Mul(r, TOps.Sub(d3i, d3r)), v3i = TOps.Neg(TOps.Mul(r, TOps.Add(d3r, d3i)));
                // Even outputs: DFT4(u).
                TVec t0r = TOps.Add(u0r, u2r), t0i = TOps.Add(u0i, u2i), t1r = TOps.Sub(u0r, u2r), t1i = TOps.Sub(u0i, u2i);
                TVec t2r = TOps.Add(u1r, u3r), t2i = TOps.Add(u1i, u3i), t3r = TOps.Sub(u1r, u3r), t3i = TOps.Sub(u1i, u3i);
                var o = o0 + k;
                TOps.Store(TOps.Add(t0r, t2r), ref yr, o);
                TOps.Store(TOps.Add(t0i, t2i), ref yi, o);
                StMul(ref yr, ref yi, o + 2 * s, TOps.Add(t1r, t3i), TOps.Sub(t1i, t3r), TOps.Create(st.TwRe[tw + 1]), TOps.Create(st.TwIm[tw + 1]));
                StMul(ref yr, ref yi, o + 4 * s, TOps.Sub(t0r, t2r), TOps.Sub(t0i, t2i), TOps.Create(st.TwRe[tw + 3]), TOps.Create(st.TwIm[tw + 3]));
                StMul(ref yr, ref yi, o + 6 * s, TOps.Sub(t1r, t3i), TOps.Add(t1i, t3r), TOps.Create(st.TwRe[tw + 5]), TOps.Create(st.TwIm[tw + 5]));
                // Odd outputs: DFT4(v).
                TVec p0r = TOps.Add(v0r, v2r), p0i = TOps.Add(v0i, v2i), p1r = TOps.Sub(v0r, v2r), p1i = TOps.Sub(v0i, v2i);
                TVec p2r = TOps.Add(v1r, v3r), p2i = TOps.Add(v1i, v3i), p3r = TOps.Sub(v1r, v3r), p3i = TOps.Sub(v1i, v3i);
                StMul(ref yr, ref yi, o + s, TOps.Add(p0r, p2r), TOps.Add(p0i, p2i), TOps.Create(st.TwRe[tw]), TOps.Create(st.TwIm[tw]));
                StMul(ref yr, ref yi, o + 3 * s, TOps.Add(p1r, p3i), TOps.Sub(p1i, p3r), TOps.Create(st.TwRe[tw + 2]), TOps.Create(st.TwIm[tw + 2]));
                StMul(ref yr, ref yi, o + 5 * s, TOps.Sub(p0r, p2r), TOps.Sub(p0i, p2i), TOps.Create(st.TwRe[tw + 4]), TOps.Create(st.TwIm[tw + 4]));
                StMul(ref yr, ref yi, o + 7 * s, TOps.Sub(p1r, p3i), TOps.Add(p1i, p3r), TOps.Create(st.TwRe[tw + 6]), TOps.Create(st.TwIm[tw + 6]));
            }
        }
    }
}
