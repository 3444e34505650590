using RovDsp.Dsp.Fft;

namespace RovDsp.Dsp.PulseCompression;

/// <summary>
/// Shared pieces of FFT correlation: output geometry per <see cref="CorrelationMode"/> (as scipy.signal.correlate),
/// the conjugate spectral product and the extraction of lags from a circular correlation.
/// </summary>
internal static class CorrelationKernels
{
    /// <summary>Output length of correlate(in1, in2, mode) for lengths n1, n2 ≥ 1.</summary>
    public static int OutputLength(int n1, int n2, CorrelationMode mode) => mode switch
    {
        CorrelationMode.Full => n1 + n2 - 1,
        CorrelationMode.Same => n1,
        CorrelationMode.Valid => Math.Abs(n1 - n2) + 1,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown correlation mode."),
    };

    /// <summary>Index into the full output where the mode's output starts (scipy's _centered / valid slicing).</summary>
    public static int FullOffset(int n1, int n2, CorrelationMode mode) => mode switch
    {
        CorrelationMode.Full => 0,
        CorrelationMode.Same => (n2 - 1) / 2,
        CorrelationMode.Valid => Math.Min(n1, n2) - 1,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown correlation mode."),
    };

    /// <summary>Smallest power of two ≥ n (n ≥ 1).</summary>
    public static int NextPowerOfTwo(int n)
    {
        var p = 1;
        while (p < n)
        {
            p <<= 1;
        }
        return p;
    }

    /// <summary>
    /// Copies the requested lags out of a circular cross-correlation c of length L (L ≥ n1 + n2 - 1) where lag m sits
    /// at index m mod L: full[k] is lag k - (n2 - 1). The first <c>count</c> outputs from full index
    /// <paramref name="offset"/> are written.
    /// </summary>
    public static void ExtractLags(ReadOnlySpan<float> circular, int n2, int offset, int count, Span<float> output)
    {
        var length = circular.Length;
        var start = offset - (n2 - 1);
        if (start < 0)
        {
            start += length;
        }
        // At most one wrap: count ≤ n1 + n2 - 1 ≤ L.
        var first = Math.Min(count, length - start);
        circular.Slice(start, first).CopyTo(output);
        circular[..(count - first)].CopyTo(output[first..]);
    }

    /// <summary>
    /// (aRe + j aIm) · conj(bRe + j bIm), element-wise, written over a. The conjugate product of two spectra is
    /// the spectrum of the circular cross-correlation.
    /// </summary>
    public static void MultiplyConjugateInPlace(Span<float> aRe, Span<float> aIm, ReadOnlySpan<float> bRe, ReadOnlySpan<float> bIm)
    {
        var n = aRe.Length;
        if (aIm.Length != n || bRe.Length < n || bIm.Length < n)
        {
            throw new ArgumentException("Spectra differ in length.", nameof(bRe));
        }
        // Written once for every width in ComplexArithmetic (same fused arithmetic in the vector body and the tail).
        ComplexArithmetic.MultiplyConjugate(aRe, aIm, bRe, bIm, aRe, aIm, n, ComplexFftPlan.DetectedPath);
    }
}
