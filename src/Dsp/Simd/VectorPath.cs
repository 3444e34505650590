namespace RovDsp.Dsp.Simd;

/// <summary>
/// The widest vector width a kernel may use: each width-generic loop runs its widest allowed body, then the
/// narrower ones over what is left, then the scalar tail (512 → 256 → 128 → scalar). Normally
/// <see cref="VectorPaths.Detected"/>; tests pass a narrower one to cover the paths of machines this one is not
/// (an AVX2 server, Arm64's 128-bit AdvSimd, no SIMD at all).
/// </summary>
internal enum VectorPath
{
    /// <summary>Scalar loops only.</summary>
    Scalar,

    /// <summary>Vector128 (SSE, Arm AdvSimd) at most.</summary>
    Vector128,

    /// <summary>Vector256 (AVX2) at most.</summary>
    Vector256,

    /// <summary>Vector512 (AVX-512) at most.</summary>
    Vector512,
}
