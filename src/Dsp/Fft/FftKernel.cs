namespace RovDsp.Dsp.Fft;

/// <summary>Which butterfly routine a <see cref="FftStage"/> runs; picked once, when the plan is built.</summary>
internal enum FftKernel
{
    /// <summary>Portable scalar loop, any radix and stride.</summary>
    Scalar,

    /// <summary>Vector512 over the contiguous stride index k (stride a multiple of 16), twiddles broadcast.</summary>
    Vector512Strided,

    /// <summary>Vector256 over the contiguous stride index k (stride a multiple of 8), twiddles broadcast.</summary>
    Vector256Strided,

    /// <summary>Vector128 over the contiguous stride index k (stride a multiple of 4), twiddles broadcast.</summary>
    Vector128Strided,

    /// <summary>Vector512 radix-4 first stage (stride 1): vector over q, outputs interleaved by permutes.</summary>
    Radix4Stride1Vector512,

    /// <summary>Vector512 radix-4 second stage (stride 4): vector over (q, k), outputs transposed in 128-bit blocks.</summary>
    Radix4Stride4Vector512,
}
