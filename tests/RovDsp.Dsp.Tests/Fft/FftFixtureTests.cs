using RovDsp.Dsp.Fft;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Fft;

/// <summary>
/// numpy.fft reference values (tests/fixtures/gen_fft.py): fft, ifft, rfft and irfft over powers of two,
/// 3^k, 5^k, mixed 2^a·3^b·5^c, the direct odd radices 7/11/13, Bluestein primes, and lengths 1 and 2.
/// </summary>
public class FftFixtureTests
{
    // Same c as ComplexFftPlanTests (observed worst 2.2 on Bluestein lengths); the numpy values are float64.
    private const double C = 4.0;

    public static IEnumerable<object[]> Cases => Fixture.CaseNames("fft.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Complex_forward_and_inverse_match_numpy(string name)
    {
        var c = Fixture.Case("fft.json", name);
        var n = c.Int("n");
        var re = c.Floats("re");
        var im = c.Floats("im");
        var plan = new ComplexFftPlan(n);
        var oRe = new float[n];
        var oIm = new float[n];
        plan.Forward(re, im, oRe, oIm);
        var norm = FftTestSignals.Norm(re, im);
        var err = FftTestSignals.MaxError(oRe, oIm, c.Doubles("fft_re"), c.Doubles("fft_im"));
        Assert.True(err <= FftTestSignals.Bound(n, norm, C), $"{name}: fft error {err:E3}");
        plan.Inverse(re, im, oRe, oIm);
        // ifft = the forward bound divided by N, plus the rounding of the 1/N scale (folded into C + 1).
        err = FftTestSignals.MaxError(oRe, oIm, c.Doubles("ifft_re"), c.Doubles("ifft_im"));
        Assert.True(err <= FftTestSignals.Bound(n, norm, C + 1) / n, $"{name}: ifft error {err:E3}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Real_forward_and_inverse_match_numpy(string name)
    {
        var c = Fixture.Case("fft.json", name);
        var n = c.Int("n");
        var x = c.Floats("real");
        var plan = new RealFftPlan(n);
        var re = new float[plan.SpectrumLength];
        var im = new float[plan.SpectrumLength];
        plan.Forward(x, re, im);
        var err = FftTestSignals.MaxError(re, im, c.Doubles("rfft_re"), c.Doubles("rfft_im"));
        Assert.True(err <= FftTestSignals.Bound(n, FftTestSignals.Norm(x), C), $"{name}: rfft error {err:E3}");

        // irfft of a half spectrum whose DC (and even-N Nyquist) imaginary parts are non-zero: numpy drops
        // them. The full Hermitian spectrum has norm ≤ sqrt(2)·‖half spectrum‖, and the output is scaled by 1/N.
        var sr = c.Floats("spec_re");
        var si = c.Floats("spec_im");
        var y = new float[n];
        plan.Inverse(sr, si, y);
        var bound = FftTestSignals.Bound(n, Math.Sqrt(2) * FftTestSignals.Norm(sr, si), C + 1) / n;
        Assertions.AllClose(c.Doubles("irfft"), y, 0, bound, $"{name}: irfft");
    }
}
