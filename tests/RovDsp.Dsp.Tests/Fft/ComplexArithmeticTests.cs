using RovDsp.Dsp.Fft;
using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Tests.Fft;

/// <summary>
/// The width-generic complex products: against double-precision products, and the vector body and scalar tail
/// rounding alike (an element gives the same bits whether it falls in the body or the tail).
/// </summary>
public class ComplexArithmeticTests
{
    public static TheoryData<int> InstructionSets => new() { 0, 1, 2, 3 };

    [SkippableTheory]
    [MemberData(nameof(InstructionSets))]
    public void Body_and_tail_give_the_same_bits_and_match_double(int isaIndex)
    {
        var isa = (VectorPath)isaIndex;
        Skip.IfNot(isa <= ComplexFftPlan.DetectedPath, $"{isa} is above this machine's {ComplexFftPlan.DetectedPath}");
        const int N = 16 * 5 + 7;
        var ar = FftTestSignals.Random(N, 1);
        var ai = FftTestSignals.Random(N, 2);
        var br = FftTestSignals.Random(N, 3);
        var bi = FftTestSignals.Random(N, 4);
        foreach (var conjugate in new[] { false, true })
        {
            var zr = new float[N];
            var zi = new float[N];
            Apply(conjugate, ar, ai, br, bi, zr, zi, N, isa);
            for (var k = 0; k < N; k++)
            {
                // Element k alone: n = 1 always takes the scalar tail.
                var one = new float[2];
                Apply(conjugate, ar.AsSpan(k, 1), ai.AsSpan(k, 1), br.AsSpan(k, 1), bi.AsSpan(k, 1), one.AsSpan(0, 1), one.AsSpan(1, 1), 1, isa);
                Assert.Equal(BitConverter.SingleToInt32Bits(zr[k]), BitConverter.SingleToInt32Bits(one[0]));
                Assert.Equal(BitConverter.SingleToInt32Bits(zi[k]), BitConverter.SingleToInt32Bits(one[1]));
                double s = conjugate ? -1 : 1;
                var er = (double)ar[k] * br[k] - s * (double)ai[k] * bi[k];
                var ei = s * (double)ar[k] * bi[k] + (double)ai[k] * br[k];
                Assert.True(Math.Abs(zr[k] - er) <= 1e-6 && Math.Abs(zi[k] - ei) <= 1e-6, $"{isa}, conj {conjugate}, k = {k}");
            }
        }
    }

    private static void Apply(bool conjugate, ReadOnlySpan<float> ar, ReadOnlySpan<float> ai, ReadOnlySpan<float> br, ReadOnlySpan<float> bi,
        Span<float> zr, Span<float> zi, int n, VectorPath isa)
    {
        if (conjugate)
        {
            ComplexArithmetic.MultiplyConjugate(ar, ai, br, bi, zr, zi, n, isa);
        }
        else
        {
            ComplexArithmetic.Multiply(ar, ai, br, bi, zr, zi, n, isa);
        }
    }
}
