
namespace RovDsp.Dsp.Simd;

/// <summary>
/// The few float-vector operations the width-generic kernels need (the FFT's strided Stockham stages,
/// <see cref="RovDsp.Dsp.Fft.StridedKernels{TVec, TOps}"/>, and <see cref="RovDsp.Dsp.Filters.FirFilter"/>'s
/// blocked dot products), as static abstract members so one generic kernel serves Vector128, Vector256 and
/// Vector512. The BCL's
/// ISimdVector&lt;TSelf, T&gt; would do this, but it is internal to System.Private.CoreLib in .NET 10, so each
/// vector width gets a tiny struct implementing this (the pattern of TensorPrimitives' operator structs).
/// TOps is always a struct, so the JIT compiles one specialised copy per width and inlines every call.
/// </summary>
/// <typeparam name="TVec">The vector type, e.g. <c>Vector256&lt;float&gt;</c>.</typeparam>
internal partial interface IFloatVectorOps<TVec>
    where TVec : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> floats from <paramref name="r"/>[<paramref name="i"/>].</summary>
    static abstract TVec Load(ref float r, int i);

    /// <summary>Stores <paramref name="v"/> at <paramref name="r"/>[<paramref name="i"/>].</summary>
    static abstract void Store(TVec v, ref float r, int i);

    /// <summary>Broadcasts <paramref name="x"/> to every lane.</summary>
    static abstract TVec Create(float x);

    /// <summary>a + b, lane-wise.</summary>
    static abstract TVec Add(TVec a, TVec b);

    /// <summary>a - b, lane-wise.</summary>
    static abstract TVec Sub(TVec a, TVec b);

    /// <summary>a · b, lane-wise.</summary>
    static abstract TVec Mul(TVec a, TVec b);

    /// <summary>-a, lane-wise.</summary>
    static abstract TVec Neg(TVec a);

    /// <summary>a · b + c with one rounding (the VectorNNN.FusedMultiplyAdd the per-width kernels used).</summary>
    static abstract TVec Fma(TVec a, TVec b, TVec c);

    /// <summary>Sum of all lanes (the VectorNNN.Sum order, so results match the per-width code it replaced).</summary>
    static abstract float Sum(TVec a);
}
