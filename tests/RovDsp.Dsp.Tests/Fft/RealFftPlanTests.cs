using RovDsp.Dsp.Fft;

namespace RovDsp.Dsp.Tests.Fft;

/// <summary>Real FFT against the naive DFT and the complex plan, and its inverse.</summary>
public class RealFftPlanTests
{
    [Fact]
    public void Forward_AndInverse_MatchNaiveDft_ForLengths1To300()
    {
        var worst = 0.0;
        var worstN = 0;
        var worstInv = 0.0;
        for (var n = 1; n <= 300; n++)
        {
            var x = FftTestSignals.Random(n, 7 * n);
            var (rr, ri) = FftTestSignals.NaiveDft(x, new float[n], -1);
            var plan = new RealFftPlan(n);
            var re = new float[plan.SpectrumLength];
            var im = new float[plan.SpectrumLength];
            plan.Forward(x, re, im);
            var norm = FftTestSignals.Norm(x);
            var scale = FftTestSignals.Eps * Math.Sqrt(Math.Log2(Math.Max(n, 2)) + 1) * norm;
            var err = FftTestSignals.MaxError(re, im, rr.AsSpan(0, plan.SpectrumLength), ri.AsSpan(0, plan.SpectrumLength));
            if (err / scale > worst)
            {
                worst = err / scale;
                worstN = n;
            }
            var back = new float[n];
            plan.Inverse(re, im, back);
            var invErr = 0.0;
            for (var i = 0; i < n; i++)
            {
                invErr = Math.Max(invErr, Math.Abs(back[i] - x[i]));
            }
            // The round trip error is relative to the per-sample size ‖x‖/sqrt(N).
            worstInv = Math.Max(worstInv, invErr / (scale / Math.Sqrt(n)));
        }
        Assert.True(worst <= 4.0, $"forward worst {worst:F3} at N = {worstN}");
        Assert.True(worstInv <= 8.0, $"round trip worst {worstInv:F3}");
    }
}
