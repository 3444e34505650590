using System.Runtime.CompilerServices;

namespace RovDsp.Dsp.Fft;

/// <summary>
/// Portable scalar Stockham stages (see <see cref="FftStage"/> for the index map). Used on machines without
/// wide vectors, for strides too small to vectorize and for the generic odd-prime radices.
/// </summary>
internal static class ScalarKernels
{
    // sin(2π/3), cos(2π/5), cos(4π/5), sin(2π/5), sin(4π/5): the radix-3/5 DFT matrix entries.
    private const float S3 = 0.866025403784438646763723170752936183f;
    private const float C51 = 0.309016994374947424102293417182819059f;
    private const float C52 = -0.809016994374947424102293417182819059f;
    private const float S51 = 0.951056516295153572116439333379382143f;
    private const float S52 = 0.587785252292473129168705954639072769f;

    /// <summary>Runs one stage from (xr, xi) into (yr, yi); the two never overlap.</summary>
    public static void Run(FftStage st, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi)
    {
        switch (st.Radix)
        {
            case 2:
                Radix2(st, xr, xi, yr, yi);
                break;
            case 3:
                Radix3(st, xr, xi, yr, yi);
                break;
            case 4:
                Radix4(st, xr, xi, yr, yi);
                break;
            case 5:
                Radix5(st, xr, xi, yr, yi);
                break;
            default:
                Generic(st, xr, xi, yr, yi);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<float> yr, Span<float> yi, int idx, float re, float im, float wr, float wi)
    {
        yr[idx] = re * wr - im * wi;
        yi[idx] = re * wi + im * wr;
    }

    private static void Radix2(FftStage st, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi)
    {
        int s = st.Stride, m = st.M;
        for (var q = 0; q < m; q++)
        {
            float w1r = st.TwRe[q], w1i = st.TwIm[q];
            var i0 = s * q;
            var i1 = s * (q + m);
            var o = s * 2 * q;
            for (var k = 0; k < s; k++)
            {
                float ar = xr[i0 + k], ai = xi[i0 + k], br = xr[i1 + k], bi = xi[i1 + k];
                yr[o + k] = ar + br;
                yi[o + k] = ai + bi;
                Store(yr, yi, o + s + k, ar - br, ai - bi, w1r, w1i);
            }
        }
    }

    private static void Radix3(FftStage st, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi)
    {
        int s = st.Stride, m = st.M;
        for (var q = 0; q < m; q++)
        {
            float w1r = st.TwRe[2 * q], w1i = st.TwIm[2 * q], w2r = st.TwRe[2 * q + 1], w2i = st.TwIm[2 * q + 1];
            var i0 = s * q;
            var o = s * 3 * q;
            for (var k = 0; k < s; k++)
            {
                float a0r = xr[i0 + k], a0i = xi[i0 + k];
                float a1r = xr[i0 + s * m + k], a1i = xi[i0 + s * m + k];
                float a2r = xr[i0 + 2 * s * m + k], a2i = xi[i0 + 2 * s * m + k];
                float sr = a1r + a2r, si = a1i + a2i, dr = a1r - a2r, di = a1i - a2i;
                float tr = a0r - 0.5f * sr, ti = a0i - 0.5f * si;
                yr[o + k] = a0r + sr;
                yi[o + k] = a0i + si;
                // b1 = t - i·S3·d, b2 = t + i·S3·d (forward DFT, w3 = exp(-2πi/3)).
                Store(yr, yi, o + s + k, tr + S3 * di, ti - S3 * dr, w1r, w1i);
                Store(yr, yi, o + 2 * s + k, tr - S3 * di, ti + S3 * dr, w2r, w2i);
            }
        }
    }

    private static void Radix4(FftStage st, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi)
    {
        int s = st.Stride, m = st.M;
        var sm = s * m;
        for (var q = 0; q < m; q++)
        {
            float w1r = st.TwRe[3 * q], w1i = st.TwIm[3 * q];
            float w2r = st.TwRe[3 * q + 1], w2i = st.TwIm[3 * q + 1];
            float w3r = st.TwRe[3 * q + 2], w3i = st.TwIm[3 * q + 2];
            var i0 = s * q;
            var o = s * 4 * q;
            for (var k = 0; k < s; k++)
            {
                var i = i0 + k;
                float a0r = xr[i], a0i = xi[i], a1r = xr[i + sm], a1i = xi[i + sm];
                float a2r = xr[i + 2 * sm], a2i = xi[i + 2 * sm], a3r = xr[i + 3 * sm], a3i = xi[i + 3 * sm];
                float t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
                float t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
                yr[o + k] = t0r + t2r;
                yi[o + k] = t0i + t2i;
                // b1 = t1 - i·t3, b2 = t0 - t2, b3 = t1 + i·t3.
                Store(yr, yi, o + s + k, t1r + t3i, t1i - t3r, w1r, w1i);
                Store(yr, yi, o + 2 * s + k, t0r - t2r, t0i - t2i, w2r, w2i);
                Store(yr, yi, o + 3 * s + k, t1r - t3i, t1i + t3r, w3r, w3i);
            }
        }
    }

    private static void Radix5(FftStage st, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi)
    {
        int s = st.Stride, m = st.M;
        var sm = s * m;
        for (var q = 0; q < m; q++)
        {
            var tw = 4 * q;
            var i0 = s * q;
            var o = s * 5 * q;
            for (var k = 0; k < s; k++)
            {
                var i = i0 + k;
                float a0r = xr[i], a0i = xi[i];
                float a1r = xr[i + sm], a1i = xi[i + sm], a2r = xr[i + 2 * sm], a2i = xi[i + 2 * sm];
                float a3r = xr[i + 3 * sm], a3i = xi[i + 3 * sm], a4r = xr[i + 4 * sm], a4i = xi[i + 4 * sm];
                float s1r = a1r + a4r, s1i = a1i + a4i, d1r = a1r - a4r, d1i = a1i - a4i;
                float s2r = a2r + a3r, s2i = a2i + a3i, d2r = a2r - a3r, d2i = a2i - a3i;
                float t1r = a0r + C51 * s1r + C52 * s2r, t1i = a0i + C51 * s1i + C52 * s2i;
                float t2r = a0r + C52 * s1r + C51 * s2r, t2i = a0i + C52 * s1i + C51 * s2i;
                float u1r = S51 * d1r + S52 * d2r, u1i = S51 * d1i + S52 * d2i;
                float u2r = S52 * d1r - S51 * d2r, u2i = S52 * d1i - S51 * d2i;
                yr[o + k] = a0r + s1r + s2r;
                yi[o + k] = a0i + s1i + s2i;
                // b1 = t1 - i·u1, b4 = t1 + i·u1, b2 = t2 - i·u2, b3 = t2 + i·u2.
                Store(yr, yi, o + s + k, t1r + u1i, t1i - u1r, st.TwRe[tw], st.TwIm[tw]);
                Store(yr, yi, o + 2 * s + k, t2r + u2i, t2i - u2r, st.TwRe[tw + 1], st.TwIm[tw + 1]);
                Store(yr, yi, o + 3 * s + k, t2r - u2i, t2i + u2r, st.TwRe[tw + 2], st.TwIm[tw + 2]);
                Store(yr, yi, o + 4 * s + k, t1r - u1i, t1i + u1r, st.TwRe[tw + 3], st.TwIm[tw + 3]);
            }
        }
    }

    /// <summary>Any radix p: direct O(p²) DFT per butterfly with the exact roots exp(-2πi jt/p).</summary>
    private static void Generic(FftStage st, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi)
    {
        int s = st.Stride, m = st.M, p = st.Radix;
        var sm = s * m;
        for (var q = 0; q < m; q++)
        {
            var i0 = s * q;
            var o = s * p * q;
            for (var k = 0; k < s; k++)
            {
                for (var j = 0; j < p; j++)
                {
                    float accR = 0f, accI = 0f;
                    var e = 0;
                    for (var t = 0; t < p; t++)
                    {
                        float ar = xr[i0 + k + t * sm], ai = xi[i0 + k + t * sm];
                        float rr = st.RootRe[e], ri = st.RootIm[e];
                        accR += ar * rr - ai * ri;
                        accI += ar * ri + ai * rr;
                        e += j;
                        if (e >= p)
                        {
                            e -= p;
                        }
                    }
                    if (j == 0)
                    {
                        yr[o + k] = accR;
                        yi[o + k] = accI;
                    }
                    else
                    {
                        var tw = q * (p - 1) + j - 1;
                        Store(yr, yi, o + j * s + k, accR, accI, st.TwRe[tw], st.TwIm[tw]);
                    }
                }
            }
        }
    }
}
