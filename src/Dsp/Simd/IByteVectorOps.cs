namespace RovDsp.Dsp.Simd;

/// <summary>
/// The byte vector operations width-generic scans need (the PNG deflater's run search), as static abstract members
/// so one generic kernel serves Vector128, Vector256 and Vector512: the byte counterpart of
/// <see cref="IFloatVectorOps{TVec}"/>.
/// </summary>
/// <typeparam name="TVec">The vector type, e.g. <c>Vector256&lt;byte&gt;</c>.</typeparam>
internal interface IByteVectorOps<TVec>
    where TVec : struct
{
    /// <summary>Bytes per vector (16, 32 or 64: a lane mask fits a <see cref="ulong"/>).</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> bytes from <paramref name="r"/>[<paramref name="i"/>].</summary>
    static abstract TVec Load(ref byte r, int i);

    /// <summary>Broadcasts <paramref name="x"/> to every lane.</summary>
    static abstract TVec Create(byte x);

    /// <summary>0xFF lanes where a == b, 0 elsewhere.</summary>
    static abstract TVec CompareEqual(TVec a, TVec b);

    /// <summary>Bit i set when lane i's top bit is (the lanes a compare set).</summary>
    static abstract ulong ExtractMostSignificantBits(TVec a);
}
