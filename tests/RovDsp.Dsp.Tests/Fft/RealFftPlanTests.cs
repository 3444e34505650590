using RovDsp.Dsp.Fft;
using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Tests.Fft;

/// <summary>
/// Real FFT (numpy rfft/irfft layout) against MathNet's float64 complex FFT of the same real input and a
/// naive float64 inverse DFT, plus round trip, allocation and argument checks. Bounds as in
/// <see cref="FftTestSignals.Bound"/>.
/// </summary>
public class RealFftPlanTests
{
    // Observed worst forward ratio over 1..1030 is 1.8 (at N = 829, an odd Bluestein length; even N adds
    // one post-twiddle pass to the N/2 complex FFT and stays lower); 4 as for the complex plan.
    private const double ForwardC = 4.0;

    public static TheoryData<int> InstructionSets => new() { 0, 1, 2, 3 };

    private static double ForwardRatio(int n, VectorPath? isa)
    {
        var x = FftTestSignals.Random(n, 7 * n);
        var (rr, ri) = FftTestSignals.MathNetForward(x, new float[n]);
        var plan = isa is null ? new RealFftPlan(n) : new RealFftPlan(n, isa.Value);
        Assert.Equal(n / 2 + 1, plan.SpectrumLength);
        var re = new float[plan.SpectrumLength];
        var im = new float[plan.SpectrumLength];
        plan.Forward(x, re, im);
        var err = FftTestSignals.MaxError(re, im, rr.AsSpan(0, plan.SpectrumLength), ri.AsSpan(0, plan.SpectrumLength));
        return err / FftTestSignals.Bound(n, FftTestSignals.Norm(x), 1.0);
    }

    [Fact]
    public void Forward_matches_MathNet_for_every_length_1_to_1030()
    {
        var worst = 0.0;
        var worstN = 0;
        // Every length up to 1030 reaches every half-length kernel (all radices, Bluestein halves, odd N);
        // longer lengths are covered by the ISA-path test and the numpy fixtures.
        for (var n = 1; n <= 1030; n++)
        {
            var r = ForwardRatio(n, null);
            if (r > worst)
            {
                worst = r;
                worstN = n;
            }
        }
        Assert.True(worst <= ForwardC, $"worst {worst:F3}·eps·sqrt(log2 N + 1)·‖x‖ at N = {worstN}");
    }

    [SkippableTheory]
    [MemberData(nameof(InstructionSets))]
    public void Forward_matches_MathNet_on_every_instruction_set_path(int isa)
    {
        // A path above what this machine (or its DOTNET_Enable* settings) accelerates cannot run here: the plan
        // refuses it, so the test reports itself skipped instead of failing.
        Skip.IfNot((VectorPath)isa <= ComplexFftPlan.DetectedPath,
            $"{(VectorPath)isa} is above this machine's {ComplexFftPlan.DetectedPath}");
        foreach (var n in Enumerable.Range(1, 200).Concat([256, 1000, 1024, 2048, 4096, 4098, 4099, 65536]))
        {
            var r = ForwardRatio(n, (VectorPath)isa);
            Assert.True(r <= ForwardC, $"ISA {(VectorPath)isa}, N = {n}: {r:F3}");
        }
    }

    public static TheoryData<int> InverseLengths()
    {
        var d = new TheoryData<int>();
        foreach (var n in Enumerable.Range(1, 70).Concat([97, 128, 255, 256, 1000, 1001, 2048, 4098, 4099]))
        {
            d.Add(n);
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(InverseLengths))]
    public void Inverse_matches_naive_inverse_DFT_and_ignores_imaginary_DC_and_Nyquist(int n)
    {
        var plan = new RealFftPlan(n);
        var h = plan.SpectrumLength;
        var sr = FftTestSignals.Random(h, 100 + n);
        var si = FftTestSignals.Random(h, 200 + n);
        // The full Hermitian spectrum numpy.fft.irfft inverts: X_0 and (even N) X_{N/2} real, X_{N-k} = conj X_k.
        var fr = new float[n];
        var fi = new float[n];
        for (var k = 0; k < h; k++)
        {
            fr[k] = sr[k];
            fi[k] = k == 0 || 2 * k == n ? 0f : si[k];
            if (k > 0)
            {
                fr[n - k] = fr[k];
                fi[n - k] = -fi[k];
            }
        }
        var (er, _) = FftTestSignals.NaiveDft(fr, fi, +1);
        var output = new float[n];
        plan.Inverse(sr, si, output);
        // Per-element bound: the forward-transform bound of the full spectrum divided by N (the scale).
        var bound = FftTestSignals.Bound(n, FftTestSignals.Norm(fr, fi), ForwardC + 1) / n;
        for (var i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(output[i] - er[i] / n) <= bound, $"N = {n}, sample {i}: {output[i]} vs {er[i] / n}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(256)]
    [InlineData(1000)]
    [InlineData(4099)]
    [InlineData(65536)]
    public void Inverse_undoes_forward(int n)
    {
        var x = FftTestSignals.Random(n, 5);
        var plan = new RealFftPlan(n);
        var re = new float[plan.SpectrumLength];
        var im = new float[plan.SpectrumLength];
        plan.Forward(x, re, im);
        var back = new float[n];
        plan.Inverse(re, im, back);
        // Same argument as the complex round trip: 2c·eps·sqrt(log2 N+1)·‖x‖/sqrt(N) per sample.
        var bound = FftTestSignals.Bound(n, FftTestSignals.Norm(x), 2 * ForwardC) / Math.Sqrt(n);
        for (var i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(back[i] - x[i]) <= bound, $"N = {n}, sample {i}: {back[i]} vs {x[i]}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    [InlineData(1000)]
    [InlineData(999)]
    [InlineData(4099)]
    public void Transforms_allocate_nothing_after_warm_up(int n)
    {
        var plan = new RealFftPlan(n);
        var x = FftTestSignals.Random(n, 1);
        var re = new float[plan.SpectrumLength];
        var im = new float[plan.SpectrumLength];
        var y = new float[n];
        plan.Forward(x, re, im);
        plan.Inverse(re, im, y);
        // The fewest bytes of a few measured calls: a transform that allocates does so on every call, while the
        // runtime may charge a one-off allocation of its own to this thread when it re-compiles a method at a
        // higher tier (seen once in CI: 7,896 bytes on the 4099-point plan's second call).
        var fewest = long.MaxValue;
        for (var attempt = 0; attempt < 5 && fewest != 0; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            plan.Forward(x, re, im);
            plan.Inverse(re, im, y);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
    }

    [Fact]
    public void Bad_arguments_throw_with_parameter_name()
    {
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => new RealFftPlan(0)).ParamName);
        var plan = new RealFftPlan(10);
        Assert.Equal(6, plan.SpectrumLength);
        Assert.Equal(10, plan.Length);
        var x = new float[10];
        var s = new float[6];
        var s2 = new float[6];
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => plan.Forward(new float[9], s, s2)).ParamName);
        Assert.Equal("re", Assert.Throws<ArgumentException>(() => plan.Forward(x, new float[5], s2)).ParamName);
        Assert.Equal("im", Assert.Throws<ArgumentException>(() => plan.Forward(x, s, new float[5])).ParamName);
        Assert.Equal("re", Assert.Throws<ArgumentException>(() => plan.Inverse(new float[5], s2, x)).ParamName);
        Assert.Equal("im", Assert.Throws<ArgumentException>(() => plan.Inverse(s, new float[5], x)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Inverse(s, s2, new float[9])).ParamName);
    }
}
