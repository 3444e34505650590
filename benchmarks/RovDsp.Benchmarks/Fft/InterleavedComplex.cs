using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RovDsp.Benchmarks.Fft;

/// <summary>The spectral product for the FFTW matched-filter baseline, on FFTW's interleaved (re, im) layout.</summary>
public static class InterleavedComplex
{
    /// <summary>
    /// z[k] = a[k]·conj(b[k]) over interleaved complex spans of equal length, vectorised with Vector256 (when
    /// accelerated) so the baseline is not held back by a scalar loop: with x = (ar, ai, ...), b duplicated
    /// as (br, br, ...) and (bi, bi, ...), z = x·br + swap(x)·bi·(+1, -1, ...).
    /// </summary>
    public static void MultiplyConjugate(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> z)
    {
        var n = a.Length;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var rz = ref MemoryMarshal.GetReference(z);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var sign = Vector256.Create(1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f);
            for (; i + 8 <= n; i += 8)
            {
                var x = Vector256.LoadUnsafe(ref ra, (nuint)i);
                var y = Vector256.LoadUnsafe(ref rb, (nuint)i);
                var yr = Vector256.Shuffle(y, Vector256.Create(0, 0, 2, 2, 4, 4, 6, 6));
                var yi = Vector256.Shuffle(y, Vector256.Create(1, 1, 3, 3, 5, 5, 7, 7));
                var xs = Vector256.Shuffle(x, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6));
                Vector256.FusedMultiplyAdd(xs * yi, sign, x * yr).StoreUnsafe(ref rz, (nuint)i);
            }
        }
        for (; i + 1 < n; i += 2)
        {
            float ar = a[i], ai = a[i + 1], br = b[i], bi = b[i + 1];
            z[i] = ar * br + ai * bi;
            z[i + 1] = ai * br - ar * bi;
        }
    }
}
