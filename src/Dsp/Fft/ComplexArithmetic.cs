using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Fft;

/// <summary>
/// Element-wise complex products on split-layout spans (Bluestein's chirp and kernel passes, the spectral
/// product of FFT correlation), written once over the width-generic <see cref="IFloatVectorOps{TVec}"/> and
/// run at the widest width the caller's instruction set allows. The scalar tail does the vector body's
/// arithmetic (the same fused multiply-adds) whenever the body is vectorized, so where an element falls (body
/// or tail, which depends on n and the width) never changes its rounding.
/// </summary>
internal static class ComplexArithmetic
{
    /// <summary>(zr + i·zi)[k] = (ar + i·ai)[k]·(br + i·bi)[k] for k &lt; n; z may alias a or b.</summary>
    public static void Multiply(ReadOnlySpan<float> ar, ReadOnlySpan<float> ai, ReadOnlySpan<float> br, ReadOnlySpan<float> bi,
        Span<float> zr, Span<float> zi, int n, VectorPath isa) =>
        Run<MultiplyOp>(ar, ai, br, bi, zr, zi, n, isa);

    /// <summary>(zr + i·zi)[k] = (ar + i·ai)[k]·conj(br + i·bi)[k] for k &lt; n; z may alias a or b.</summary>
    public static void MultiplyConjugate(ReadOnlySpan<float> ar, ReadOnlySpan<float> ai, ReadOnlySpan<float> br, ReadOnlySpan<float> bi,
        Span<float> zr, Span<float> zi, int n, VectorPath isa) =>
        Run<MultiplyConjugateOp>(ar, ai, br, bi, zr, zi, n, isa);

    private static void Run<TOp>(ReadOnlySpan<float> ar, ReadOnlySpan<float> ai, ReadOnlySpan<float> br, ReadOnlySpan<float> bi,
        Span<float> zr, Span<float> zi, int n, VectorPath isa)
        where TOp : struct, IComplexOp
    {
        var k = isa switch
        {
            VectorPath.Vector512 => Body<Vector512<float>, Vector512Ops, TOp>(ar, ai, br, bi, zr, zi, n),
            VectorPath.Vector256 => Body<Vector256<float>, Vector256Ops, TOp>(ar, ai, br, bi, zr, zi, n),
            VectorPath.Vector128 => Body<Vector128<float>, Vector128Ops, TOp>(ar, ai, br, bi, zr, zi, n),
            _ => 0,
        };
        // Fused where the vector body is (every vector path has FMA); plain products on the scalar path, where
        // MathF.FusedMultiplyAdd would be a slow software emulation.
        var fused = isa != VectorPath.Scalar;
        for (; k < n; k++)
        {
            var (re, im) = TOp.Scalar(ar[k], ai[k], br[k], bi[k], fused);
            zr[k] = re;
            zi[k] = im;
        }
    }

    private static int Body<TVec, TOps, TOp>(ReadOnlySpan<float> ar, ReadOnlySpan<float> ai, ReadOnlySpan<float> br, ReadOnlySpan<float> bi,
        Span<float> zr, Span<float> zi, int n)
        where TVec : struct
        where TOps : struct, IFloatVectorOps<TVec>
        where TOp : struct, IComplexOp
    {
        ref var rar = ref MemoryMarshal.GetReference(ar);
        ref var rai = ref MemoryMarshal.GetReference(ai);
        ref var rbr = ref MemoryMarshal.GetReference(br);
        ref var rbi = ref MemoryMarshal.GetReference(bi);
        ref var rzr = ref MemoryMarshal.GetReference(zr);
        ref var rzi = ref MemoryMarshal.GetReference(zi);
        int k = 0, w = TOps.Count;
        for (; k + w <= n; k += w)
        {
            var xr = TOps.Load(ref rar, k);
            var xi = TOps.Load(ref rai, k);
            var yr = TOps.Load(ref rbr, k);
            var yi = TOps.Load(ref rbi, k);
            TOp.Vector<TVec, TOps>(xr, xi, yr, yi, out var pr, out var pi);
            TOps.Store(pr, ref rzr, k);
            TOps.Store(pi, ref rzi, k);
        }
        return k;
    }

    /// <summary>One complex product, as vectors and as scalars with the same operations.</summary>
    private interface IComplexOp
    {
        static abstract void Vector<TVec, TOps>(TVec xr, TVec xi, TVec yr, TVec yi, out TVec pr, out TVec pi)
            where TVec : struct
            where TOps : struct, IFloatVectorOps<TVec>;

        static abstract (float Re, float Im) Scalar(float xr, float xi, float yr, float yi, bool fused);
    }

    /// <summary>x·y = (xr·yr - xi·yi) + i(xr·yi + xi·yr).</summary>
    private readonly struct MultiplyOp : IComplexOp
    {
        public static void Vector<TVec, TOps>(TVec xr, TVec xi, TVec yr, TVec yi, out TVec pr, out TVec pi)
            where TVec : struct
            where TOps : struct, IFloatVectorOps<TVec>
        {
            pr = TOps.Fma(xr, yr, TOps.Neg(TOps.Mul(xi, yi)));
            pi = TOps.Fma(xr, yi, TOps.Mul(xi, yr));
        }

        public static (float Re, float Im) Scalar(float xr, float xi, float yr, float yi, bool fused) => fused
            ? (MathF.FusedMultiplyAdd(xr, yr, -(xi * yi)), MathF.FusedMultiplyAdd(xr, yi, xi * yr))
            : (xr * yr - xi * yi, xr * yi + xi * yr);
    }

    /// <summary>x·conj(y) = (xr·yr + xi·yi) + i(xi·yr - xr·yi).</summary>
    private readonly struct MultiplyConjugateOp : IComplexOp
    {
        public static void Vector<TVec, TOps>(TVec xr, TVec xi, TVec yr, TVec yi, out TVec pr, out TVec pi)
            where TVec : struct
            where TOps : struct, IFloatVectorOps<TVec>
        {
            pr = TOps.Fma(xr, yr, TOps.Mul(xi, yi));
            pi = TOps.Fma(xi, yr, TOps.Neg(TOps.Mul(xr, yi)));
        }

        public static (float Re, float Im) Scalar(float xr, float xi, float yr, float yi, bool fused) => fused
            ? (MathF.FusedMultiplyAdd(xr, yr, xi * yi), MathF.FusedMultiplyAdd(xi, yr, -(xr * yi)))
            : (xr * yr + xi * yi, xi * yr - xr * yi);
    }
}
