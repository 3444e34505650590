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

    /// <summary>Vector512 radix-4 stage of stride 1 or 4: vector over (q, k), outputs transposed in registers.</summary>
    Radix4SmallStrideVector512,

    /// <summary>Vector256 radix-4 stage of stride 1 or 4: vector over (q, k), outputs transposed in registers.</summary>
    Radix4SmallStrideVector256,

    /// <summary>Vector128 radix-4 stage of stride 1 or 4: vector over (q, k), outputs transposed in registers.</summary>
    Radix4SmallStrideVector128,
}
