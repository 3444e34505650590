namespace RovDsp.Dsp.Simd;

/// <summary>
/// The 32-bit integer vector operations width-generic kernels need (the per-beam median's bitwise binary search,
/// <see cref="RovDsp.Dsp.Pipelines.Multibeam.ColumnSelect"/>), as static abstract members so one generic kernel
/// serves Vector128, Vector256 and Vector512: the integer counterpart of <see cref="IFloatVectorOps{TVec}"/>.
/// </summary>
/// <typeparam name="TVec">The vector type, e.g. <c>Vector256&lt;int&gt;</c>.</typeparam>
internal interface IInt32VectorOps<TVec>
    where TVec : struct
{
    /// <summary>Integers per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> integers from <paramref name="r"/>[<paramref name="i"/>].</summary>
    static abstract TVec Load(ref int r, int i);

    /// <summary>Stores <paramref name="v"/> at <paramref name="r"/>[<paramref name="i"/>].</summary>
    static abstract void Store(TVec v, ref int r, int i);

    /// <summary>Broadcasts <paramref name="x"/> to every lane.</summary>
    static abstract TVec Create(int x);

    /// <summary>a − b, lane-wise (wrapping).</summary>
    static abstract TVec Sub(TVec a, TVec b);

    /// <summary>a &amp; b.</summary>
    static abstract TVec And(TVec a, TVec b);

    /// <summary>a | b.</summary>
    static abstract TVec Or(TVec a, TVec b);

    /// <summary>−1 lanes where a &lt; b (signed), 0 elsewhere.</summary>
    static abstract TVec LessThan(TVec a, TVec b);

    /// <summary>−1 lanes where a ≤ b (signed), 0 elsewhere.</summary>
    static abstract TVec LessThanOrEqual(TVec a, TVec b);

    /// <summary>Lanes of <paramref name="ifTrue"/> where <paramref name="mask"/> is −1, of
    /// <paramref name="ifFalse"/> where it is 0.</summary>
    static abstract TVec ConditionalSelect(TVec mask, TVec ifTrue, TVec ifFalse);
}
