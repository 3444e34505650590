using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using RovDsp.Dsp.Fft;

namespace RovDsp.Dsp.Tests.Fft;

/// <summary>Complex FFT against MathNet.Numerics (double) and a naive DFT, plus algebraic properties.</summary>
public class ComplexFftPlanTests
{
    private static (double[] Re, double[] Im) MathNetForward(float[] re, float[] im)
    {
        var c = new Complex[re.Length];
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = new Complex(re[i], im[i]);
        }
        Fourier.Forward(c, FourierOptions.NoScaling);
        var r = new double[c.Length];
        var m = new double[c.Length];
        for (var i = 0; i < c.Length; i++)
        {
            r[i] = c[i].Real;
            m[i] = c[i].Imaginary;
        }
        return (r, m);
    }

    [Fact]
    public void Forward_MatchesMathNet_ForEveryLengthUpTo4099()
    {
        var worst = 0.0;
        var worstN = 0;
        for (var n = 1; n <= 4099; n++)
        {
            var re = FftTestSignals.Random(n, n);
            var im = FftTestSignals.Random(n, n + 100000);
            var (rr, ri) = MathNetForward(re, im);
            var plan = new ComplexFftPlan(n);
            var outRe = new float[n];
            var outIm = new float[n];
            plan.Forward(re, im, outRe, outIm);
            var err = FftTestSignals.MaxError(outRe, outIm, rr, ri);
            var norm = FftTestSignals.Norm(re, im);
            var ratio = err / (FftTestSignals.Eps * Math.Sqrt(Math.Log2(Math.Max(n, 2)) + 1) * norm);
            if (ratio > worst)
            {
                worst = ratio;
                worstN = n;
            }
        }
        // Tolerance: see FftTestSignals.Bound; c = 4 (observed worst c is reported on failure).
        Assert.True(worst <= 4.0, $"worst error {worst:F3}·eps·sqrt(log2 N + 1)·‖x‖ at N = {worstN}");
    }
}
