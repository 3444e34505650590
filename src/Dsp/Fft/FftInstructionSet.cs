namespace RovDsp.Dsp.Fft;

/// <summary>Widest vector instruction set a plan may use; tests force the narrower paths to cover them.</summary>
internal enum FftInstructionSet
{
    /// <summary>Scalar loops only.</summary>
    Scalar,

    /// <summary>Vector256 (AVX2-class) at most.</summary>
    Vector256,

    /// <summary>Vector512 (AVX-512) at most.</summary>
    Vector512,
}
