namespace RovDsp.Dsp.Simd;

/// <summary>Compares, lane masks and conversions the pipelines' width-generic loops need (CFAR thresholds, the fan
/// image's bit-pattern log, 8-bit samples to floats, the box-sum levels' register shift), beside the arithmetic in
/// the main part.</summary>
internal partial interface IFloatVectorOps<TVec>
    where TVec : struct
{
    /// <summary>All-ones lanes where a &gt; b (false for NaN), zero elsewhere.</summary>
    static abstract TVec GreaterThan(TVec a, TVec b);

    /// <summary>Bit i set when lane i's sign bit is (the lanes a compare set).</summary>
    static abstract uint ExtractMostSignificantBits(TVec a);

    /// <summary>Each lane's bits read as a signed 32-bit integer, converted to float (round to nearest, as the
    /// scalar <c>(float)BitConverter.SingleToInt32Bits(x)</c>).</summary>
    static abstract TVec ConvertBitsToSingle(TVec a);

    /// <summary><see cref="IFloatVectorOps{TVec}.Count"/> bytes from <paramref name="r"/>[<paramref name="i"/>]
    /// (no byte beyond them is read), each zero-extended to a float (exact).</summary>
    static abstract TVec LoadBytesAsSingle(ref byte r, int i);

    /// <summary>Whether <see cref="ShiftIn"/> is one register instruction here (AVX-512's valignd); otherwise
    /// kernels load the shifted operand instead.</summary>
    static abstract bool CanShiftIn { get; }

    /// <summary>Lanes <paramref name="step"/> .. <paramref name="step"/> + Count − 1 of the 2·Count lanes
    /// (current, next); step a power of two up to Count. Only when <see cref="CanShiftIn"/>.</summary>
    static abstract TVec ShiftIn(TVec current, TVec next, int step);
}
