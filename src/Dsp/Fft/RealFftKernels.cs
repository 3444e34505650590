using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Fft;

/// <summary>
/// The passes around the half-length complex FFT of an even-length real FFT: (de)interleaving the samples
/// into z_n = x_{2n} + i·x_{2n+1}, and the post-/pre-twiddle passes that separate/merge the spectra of the
/// even and odd samples (Numerical Recipes §12.3). Vectorized for every width the plan may use (they were
/// AVX-512-only and took more than half of an AVX2 rfft, issue 14), with a scalar tail doing the same
/// arithmetic (fused where the vector body fuses) so body and tail round alike.
/// </summary>
internal static class RealFftKernels
{
    /// <summary>zr[i] = x[2i], zi[i] = x[2i+1] for i &lt; h.</summary>
    public static void Deinterleave(ReadOnlySpan<float> x, Span<float> zr, Span<float> zi, int h, VectorPath isa)
    {
        var i = isa switch
        {
            VectorPath.Vector512 => Generic<Vector512<float>, Vector512Ops, Vector512ShuffleOps>.Deinterleave(x, zr, zi, h),
            VectorPath.Vector256 => Generic<Vector256<float>, Vector256Ops, Vector256ShuffleOps>.Deinterleave(x, zr, zi, h),
            VectorPath.Vector128 => Generic<Vector128<float>, Vector128Ops, Vector128ShuffleOps>.Deinterleave(x, zr, zi, h),
            _ => 0,
        };
        for (; i < h; i++)
        {
            zr[i] = x[2 * i];
            zi[i] = x[2 * i + 1];
        }
    }

    /// <summary>x[2i] = zr[i], x[2i+1] = zi[i] for i &lt; h.</summary>
    public static void Interleave(ReadOnlySpan<float> zr, ReadOnlySpan<float> zi, Span<float> x, int h, VectorPath isa)
    {
        var i = isa switch
        {
            VectorPath.Vector512 => Generic<Vector512<float>, Vector512Ops, Vector512ShuffleOps>.Interleave(zr, zi, x, h),
            VectorPath.Vector256 => Generic<Vector256<float>, Vector256Ops, Vector256ShuffleOps>.Interleave(zr, zi, x, h),
            VectorPath.Vector128 => Generic<Vector128<float>, Vector128Ops, Vector128ShuffleOps>.Interleave(zr, zi, x, h),
            _ => 0,
        };
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
        Span<float> re, Span<float> im, int h, VectorPath isa)
    {
        // k = 0 and k = h only involve Z_0: X_0 = Re Z_0 + Im Z_0, X_h = Re Z_0 - Im Z_0, both real.
        re[0] = zr[0] + zi[0];
        im[0] = 0f;
        re[h] = zr[0] - zi[0];
        im[h] = 0f;
        var k = isa switch
        {
            VectorPath.Vector512 => Generic<Vector512<float>, Vector512Ops, Vector512ShuffleOps>.Post(zr, zi, wr, wi, re, im, h),
            VectorPath.Vector256 => Generic<Vector256<float>, Vector256Ops, Vector256ShuffleOps>.Post(zr, zi, wr, wi, re, im, h),
            VectorPath.Vector128 => Generic<Vector128<float>, Vector128Ops, Vector128ShuffleOps>.Post(zr, zi, wr, wi, re, im, h),
            _ => 1,
        };
        var fused = isa != VectorPath.Scalar;
        for (; k < h; k++)
        {
            float zkr = zr[k], zki = zi[k], zcr = zr[h - k], zci = zi[h - k];
            float er = 0.5f * (zkr + zcr), ei = 0.5f * (zki - zci);
            float or = 0.5f * (zki + zci), oi = 0.5f * (zcr - zkr);
            if (fused)
            {
                re[k] = er + MathF.FusedMultiplyAdd(or, wr[k], -(oi * wi[k]));
                im[k] = ei + MathF.FusedMultiplyAdd(or, wi[k], oi * wr[k]);
            }
            else
            {
                re[k] = er + (or * wr[k] - oi * wi[k]);
                im[k] = ei + (or * wi[k] + oi * wr[k]);
            }
        }
    }

    /// <summary>
    /// Inverse pre-pass: Z_k = g·(E_k + i·O_k), k = 0..h-1, with E_k = (X_k + conj X_{h-k}) and
    /// O_k = (X_k - conj X_{h-k})·conj(W^k); the factor g = 1/N folds the 1/2 of the even/odd split and the
    /// 1/h of the inverse half-length FFT into one multiplication. Imaginary parts of X_0 and X_h are ignored
    /// (numpy.fft.irfft).
    /// </summary>
    public static void Pre(ReadOnlySpan<float> re, ReadOnlySpan<float> im, ReadOnlySpan<float> wr, ReadOnlySpan<float> wi,
        Span<float> zr, Span<float> zi, int h, float g, VectorPath isa)
    {
        {
            // k = 0: X_0 and X_h real; W^0 = 1.
            float x0 = re[0], xh = re[h];
            zr[0] = g * (x0 + xh);
            zi[0] = g * (x0 - xh);
        }
        var k = isa switch
        {
            VectorPath.Vector512 => Generic<Vector512<float>, Vector512Ops, Vector512ShuffleOps>.Pre(re, im, wr, wi, zr, zi, h, g),
            VectorPath.Vector256 => Generic<Vector256<float>, Vector256Ops, Vector256ShuffleOps>.Pre(re, im, wr, wi, zr, zi, h, g),
            VectorPath.Vector128 => Generic<Vector128<float>, Vector128Ops, Vector128ShuffleOps>.Pre(re, im, wr, wi, zr, zi, h, g),
            _ => 1,
        };
        var fused = isa != VectorPath.Scalar;
        for (; k < h; k++)
        {
            float xkr = re[k], xki = im[k], xcr = re[h - k], xci = im[h - k];
            float er = xkr + xcr, ei = xki - xci, dr = xkr - xcr, di = xki + xci;
            float or, oi;
            if (fused)
            {
                or = MathF.FusedMultiplyAdd(dr, wr[k], di * wi[k]);
                oi = MathF.FusedMultiplyAdd(di, wr[k], -(dr * wi[k]));
            }
            else
            {
                or = dr * wr[k] + di * wi[k];
                oi = di * wr[k] - dr * wi[k];
            }
            zr[k] = g * (er - oi);
            zi[k] = g * (ei + or);
        }
    }

    /// <summary>The vector bodies, one copy per width; each returns the first index left for the scalar tail.</summary>
    private static class Generic<TVec, TOps, TShuf>
        where TVec : struct
        where TOps : struct, IFloatVectorOps<TVec>
        where TShuf : struct, IVectorShuffleOps<TVec>
    {
        public static int Deinterleave(ReadOnlySpan<float> x, Span<float> zr, Span<float> zi, int h)
        {
            ref var rx = ref MemoryMarshal.GetReference(x);
            ref var rr = ref MemoryMarshal.GetReference(zr);
            ref var ri = ref MemoryMarshal.GetReference(zi);
            int i = 0, w = TOps.Count;
            for (; i + w <= h; i += w)
            {
                TShuf.LoadDeinterleaved2(ref rx, 2 * i, out var even, out var odd);
                TOps.Store(even, ref rr, i);
                TOps.Store(odd, ref ri, i);
            }
            return i;
        }

        public static int Interleave(ReadOnlySpan<float> zr, ReadOnlySpan<float> zi, Span<float> x, int h)
        {
            ref var rx = ref MemoryMarshal.GetReference(x);
            ref var rr = ref MemoryMarshal.GetReference(zr);
            ref var ri = ref MemoryMarshal.GetReference(zi);
            int i = 0, w = TOps.Count;
            for (; i + w <= h; i += w)
            {
                TShuf.StoreInterleaved2(TOps.Load(ref rr, i), TOps.Load(ref ri, i), ref rx, 2 * i);
            }
            return i;
        }

        public static int Post(ReadOnlySpan<float> zr, ReadOnlySpan<float> zi, ReadOnlySpan<float> wr, ReadOnlySpan<float> wi,
            Span<float> re, Span<float> im, int h)
        {
            ref var rzr = ref MemoryMarshal.GetReference(zr);
            ref var rzi = ref MemoryMarshal.GetReference(zi);
            ref var rwr = ref MemoryMarshal.GetReference(wr);
            ref var rwi = ref MemoryMarshal.GetReference(wi);
            ref var rre = ref MemoryMarshal.GetReference(re);
            ref var rim = ref MemoryMarshal.GetReference(im);
            var half = TOps.Create(0.5f);
            int k = 1, w = TOps.Count;
            for (; k + w <= h; k += w)
            {
                var zkr = TOps.Load(ref rzr, k);
                var zki = TOps.Load(ref rzi, k);
                // Z_{h-k} for the w lanes k..k+w-1 sit reversed at h-k-w+1..h-k; Im Z_{h-k}'s conj flips below.
                var zcr = TShuf.Reverse(TOps.Load(ref rzr, h - k - w + 1));
                var zci = TShuf.Reverse(TOps.Load(ref rzi, h - k - w + 1));
                var er = TOps.Mul(half, TOps.Add(zkr, zcr));
                var ei = TOps.Mul(half, TOps.Sub(zki, zci));
                var or = TOps.Mul(half, TOps.Add(zki, zci));
                var oi = TOps.Mul(half, TOps.Sub(zcr, zkr));
                var twr = TOps.Load(ref rwr, k);
                var twi = TOps.Load(ref rwi, k);
                TOps.Store(TOps.Add(er, TOps.Fma(or, twr, TOps.Neg(TOps.Mul(oi, twi)))), ref rre, k);
                TOps.Store(TOps.Add(ei, TOps.Fma(or, twi, TOps.Mul(oi, twr))), ref rim, k);
            }
            return k;
        }

        public static int Pre(ReadOnlySpan<float> re, ReadOnlySpan<float> im, ReadOnlySpan<float> wr, ReadOnlySpan<float> wi,
            Span<float> zr, Span<float> zi, int h, float g)
        {
            ref var rre = ref MemoryMarshal.GetReference(re);
            ref var rim = ref MemoryMarshal.GetReference(im);
            ref var rwr = ref MemoryMarshal.GetReference(wr);
            ref var rwi = ref MemoryMarshal.GetReference(wi);
            ref var rzr = ref MemoryMarshal.GetReference(zr);
            ref var rzi = ref MemoryMarshal.GetReference(zi);
            var gv = TOps.Create(g);
            int k = 1, w = TOps.Count;
            for (; k + w <= h; k += w)
            {
                var xkr = TOps.Load(ref rre, k);
                var xki = TOps.Load(ref rim, k);
                var xcr = TShuf.Reverse(TOps.Load(ref rre, h - k - w + 1));
                var xci = TShuf.Reverse(TOps.Load(ref rim, h - k - w + 1));
                var er = TOps.Add(xkr, xcr);
                var ei = TOps.Sub(xki, xci);
                var dr = TOps.Sub(xkr, xcr);
                var di = TOps.Add(xki, xci);
                var twr = TOps.Load(ref rwr, k);
                var twi = TOps.Load(ref rwi, k);
                // O = d·conj(w) = (dr·wr + di·wi) + i(di·wr - dr·wi); Z = E + i·O.
                var or = TOps.Fma(dr, twr, TOps.Mul(di, twi));
                var oi = TOps.Fma(di, twr, TOps.Neg(TOps.Mul(dr, twi)));
                TOps.Store(TOps.Mul(gv, TOps.Sub(er, oi)), ref rzr, k);
                TOps.Store(TOps.Mul(gv, TOps.Add(ei, or)), ref rzi, k);
            }
            return k;
        }
    }
}
