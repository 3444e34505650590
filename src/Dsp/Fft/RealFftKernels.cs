using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RovDsp.Dsp.Fft;

/// <summary>
/// The passes around the half-length complex FFT of an even-length real FFT: (de)interleaving the samples
/// into z_n = x_{2n} + i·x_{2n+1}, and the post-/pre-twiddle passes that separate/merge the spectra of the
/// even and odd samples (Numerical Recipes §12.3). Each has an AVX-512 path and a scalar path.
/// </summary>
internal static class RealFftKernels
{
    private const int W = 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Ld(ref float r, int i) => Vector512.LoadUnsafe(ref r, (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void St(Vector512<float> v, ref float r, int i) => v.StoreUnsafe(ref r, (nuint)i);

    private static Vector512<float> Reverse(Vector512<float> v) =>
        Vector512.Shuffle(v, Vector512.Create(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));

    /// <summary>zr[i] = x[2i], zi[i] = x[2i+1] for i &lt; h.</summary>
    public static void Deinterleave(ReadOnlySpan<float> x, Span<float> zr, Span<float> zi, int h, bool vector)
    {
        var i = 0;
        if (vector)
        {
            ref var rx = ref MemoryMarshal.GetReference(x);
            ref var rr = ref MemoryMarshal.GetReference(zr);
            ref var ri = ref MemoryMarshal.GetReference(zi);
            var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            var odd = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
            for (; i + W <= h; i += W)
            {
                var a = Ld(ref rx, 2 * i);
                var b = Ld(ref rx, 2 * i + W);
                St(Avx512F.PermuteVar16x32x2(a, even, b), ref rr, i);
                St(Avx512F.PermuteVar16x32x2(a, odd, b), ref ri, i);
            }
        }
        for (; i < h; i++)
        {
            zr[i] = x[2 * i];
            zi[i] = x[2 * i + 1];
        }
    }

    /// <summary>x[2i] = zr[i], x[2i+1] = zi[i] for i &lt; h.</summary>
    public static void Interleave(ReadOnlySpan<float> zr, ReadOnlySpan<float> zi, Span<float> x, int h, bool vector)
    {
        var i = 0;
        if (vector)
        {
            ref var rx = ref MemoryMarshal.GetReference(x);
            ref var rr = ref MemoryMarshal.GetReference(zr);
            ref var ri = ref MemoryMarshal.GetReference(zi);
            var lo = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            var hi = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            for (; i + W <= h; i += W)
            {
                var a = Ld(ref rr, i);
                var b = Ld(ref ri, i);
                St(Avx512F.PermuteVar16x32x2(a, lo, b), ref rx, 2 * i);
                St(Avx512F.PermuteVar16x32x2(a, hi, b), ref rx, 2 * i + W);
            }
        }
        for (; i < h; i++)
        {
            x[2 * i] = zr[i];
            x[2 * i + 1] = zi[i];
        }
    }

    /// <summary>
    /// Forward post-pass: from Z = FFT_h(z) to X_k = E_k + W^k·O_k, k = 0..h, with
    /// E_k = (Z_k + conj Z_{h-k})/2 and O_k = (Z_k - conj Z_{h-k})/(2i).
    /// </summary>
    public static void Post(ReadOnlySpan<float> zr, ReadOnlySpan<float> zi, ReadOnlySpan<float> wr, ReadOnlySpan<float> wi,
        Span<float> re, Span<float> im, int h, bool vector)
    {
        // k = 0 and k = h only involve Z_0: X_0 = Re Z_0 + Im Z_0, X_h = Re Z_0 - Im Z_0, both real.
        re[0] = zr[0] + zi[0];
        im[0] = 0f;
        re[h] = zr[0] - zi[0];
        im[h] = 0f;
        var k = 1;
        if (vector)
        {
            ref var rzr = ref MemoryMarshal.GetReference(zr);
            ref var rzi = ref MemoryMarshal.GetReference(zi);
            ref var rwr = ref MemoryMarshal.GetReference(wr);
            ref var rwi = ref MemoryMarshal.GetReference(wi);
            ref var rre = ref MemoryMarshal.GetReference(re);
            ref var rim = ref MemoryMarshal.GetReference(im);
            var half = Vector512.Create(0.5f);
            for (; k + W <= h; k += W)
            {
                var zkr = Ld(ref rzr, k);
                var zki = Ld(ref rzi, k);
                var zcr = Reverse(Ld(ref rzr, h - k - W + 1));
                var zci = Reverse(Ld(ref rzi, h - k - W + 1)); // Im Z_{h-k}; conj flips its sign below
                var er = half * (zkr + zcr);
                var ei = half * (zki - zci);
                var or = half * (zki + zci);
                var oi = half * (zcr - zkr);
                var twr = Ld(ref rwr, k);
                var twi = Ld(ref rwi, k);
                St(er + Vector512.FusedMultiplyAdd(or, twr, -(oi * twi)), ref rre, k);
                St(ei + Vector512.FusedMultiplyAdd(or, twi, oi * twr), ref rim, k);
            }
        }
        for (; k < h; k++)
        {
            float zkr = zr[k], zki = zi[k], zcr = zr[h - k], zci = zi[h - k];
            float er = 0.5f * (zkr + zcr), ei = 0.5f * (zki - zci);
            float or = 0.5f * (zki + zci), oi = 0.5f * (zcr - zkr);
            re[k] = er + (or * wr[k] - oi * wi[k]);
            im[k] = ei + (or * wi[k] + oi * wr[k]);
        }
    }

    /// <summary>
    /// Inverse pre-pass: Z_k = g·(E_k + i·O_k), k = 0..h-1, with E_k = (X_k + conj X_{h-k}) and
    /// O_k = (X_k - conj X_{h-k})·conj(W^k); the factor g = 1/N folds the 1/2 of the even/odd split and the
    /// 1/h of the inverse half-length FFT into one multiplication. Imaginary parts of X_0 and X_h are ignored
    /// (numpy.fft.irfft).
    /// </summary>
    public static void Pre(ReadOnlySpan<float> re, ReadOnlySpan<float> im, ReadOnlySpan<float> wr, ReadOnlySpan<float> wi,
        Span<float> zr, Span<float> zi, int h, float g, bool vector)
    {
        {
            // k = 0: X_0 and X_h real; W^0 = 1.
            float x0 = re[0], xh = re[h];
            zr[0] = g * (x0 + xh);
            zi[0] = g * (x0 - xh);
        }
        var k = 1;
        if (vector)
        {
            ref var rre = ref MemoryMarshal.GetReference(re);
            ref var rim = ref MemoryMarshal.GetReference(im);
            ref var rwr = ref MemoryMarshal.GetReference(wr);
            ref var rwi = ref MemoryMarshal.GetReference(wi);
            ref var rzr = ref MemoryMarshal.GetReference(zr);
            ref var rzi = ref MemoryMarshal.GetReference(zi);
            var gv = Vector512.Create(g);
            for (; k + W <= h; k += W)
            {
                var xkr = Ld(ref rre, k);
                var xki = Ld(ref rim, k);
                var xcr = Reverse(Ld(ref rre, h - k - W + 1));
                var xci = Reverse(Ld(ref rim, h - k - W + 1));
                var er = xkr + xcr;
                var ei = xki - xci;
                var dr = xkr - xcr;
                var di = xki + xci;
                var twr = Ld(ref rwr, k);
                var twi = Ld(ref rwi, k);
                // O = d·conj(w) = (dr·wr + di·wi) + i(di·wr - dr·wi); Z = E + i·O.
                var or = Vector512.FusedMultiplyAdd(dr, twr, di * twi);
                var oi = Vector512.FusedMultiplyAdd(di, twr, -(dr * twi));
                St(gv * (er - oi), ref rzr, k);
                St(gv * (ei + or), ref rzi, k);
            }
        }
        for (; k < h; k++)
        {
            float xkr = re[k], xki = im[k], xcr = re[h - k], xci = im[h - k];
            float er = xkr + xcr, ei = xki - xci, dr = xkr - xcr, di = xki + xci;
            float or = dr * wr[k] + di * wi[k], oi = di * wr[k] - dr * wi[k];
            zr[k] = g * (er - oi);
            zi[k] = g * (ei + or);
        }
    }
}
