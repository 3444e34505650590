using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Fft;

/// <summary>Element-wise complex products on split-layout spans (Bluestein's chirp and kernel passes).</summary>
internal static class ComplexArithmetic
{
    /// <summary>(zr + i·zi)[k] = (ar + i·ai)[k]·(br + i·bi)[k] for k &lt; n; z may alias a.</summary>
    public static void Multiply(ReadOnlySpan<float> ar, ReadOnlySpan<float> ai, ReadOnlySpan<float> br, ReadOnlySpan<float> bi,
        Span<float> zr, Span<float> zi, int n, FftInstructionSet isa)
    {
        ref var rar = ref MemoryMarshal.GetReference(ar);
        ref var rai = ref MemoryMarshal.GetReference(ai);
        ref var rbr = ref MemoryMarshal.GetReference(br);
        ref var rbi = ref MemoryMarshal.GetReference(bi);
        ref var rzr = ref MemoryMarshal.GetReference(zr);
        ref var rzi = ref MemoryMarshal.GetReference(zi);
        var k = 0;
        if (isa == FftInstructionSet.Vector512)
        {
            for (; k + 16 <= n; k += 16)
            {
                var xr = Vector512.LoadUnsafe(ref rar, (nuint)k);
                var xi = Vector512.LoadUnsafe(ref rai, (nuint)k);
                var wr = Vector512.LoadUnsafe(ref rbr, (nuint)k);
                var wi = Vector512.LoadUnsafe(ref rbi, (nuint)k);
                Vector512.FusedMultiplyAdd(xr, wr, -(xi * wi)).StoreUnsafe(ref rzr, (nuint)k);
                Vector512.FusedMultiplyAdd(xr, wi, xi * wr).StoreUnsafe(ref rzi, (nuint)k);
            }
        }
        if (isa >= FftInstructionSet.Vector256)
        {
            for (; k + 8 <= n; k += 8)
            {
                var xr = Vector256.LoadUnsafe(ref rar, (nuint)k);
                var xi = Vector256.LoadUnsafe(ref rai, (nuint)k);
                var wr = Vector256.LoadUnsafe(ref rbr, (nuint)k);
                var wi = Vector256.LoadUnsafe(ref rbi, (nuint)k);
                Vector256.FusedMultiplyAdd(xr, wr, -(xi * wi)).StoreUnsafe(ref rzr, (nuint)k);
                Vector256.FusedMultiplyAdd(xr, wi, xi * wr).StoreUnsafe(ref rzi, (nuint)k);
            }
        }
        for (; k < n; k++)
        {
            float xr = ar[k], xi = ai[k], wr = br[k], wi = bi[k];
            zr[k] = xr * wr - xi * wi;
            zi[k] = xr * wi + xi * wr;
        }
    }
}
