using System.Numerics;
using System.Text.Json;
using RovDsp.Dsp.Design;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Design;

/// <summary>
/// IIR design against <c>scipy.signal.butter</c>/<c>cheby1</c> with <c>output='sos'</c> and <c>'zpk'</c>, and the
/// frequency response against <c>scipy.signal.sosfreqz</c> (fixture iir.json from tests/fixtures/gen_design.py).
/// </summary>
public class IirDesignTests
{
    private const string File = "iir.json";

    /// <summary>Every IIR fixture case name.</summary>
    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File);

    /// <summary>The random-parameter sweep case names.</summary>
    public static IEnumerable<object[]> SweepCases => Fixture.CaseNames(File, "sweep");

    private static double[] Design(JsonElement c)
    {
        var band = Enum.Parse<FilterBand>(c.Text("band"));
        var cutoff = c.Doubles("cutoff");
        return c.Text("ftype") == "butter"
            ? IirDesign.Butter(c.Int("order"), cutoff, band, c.Number("fs"))
            : IirDesign.Cheby1(c.Int("order"), c.Number("rp"), cutoff, band, c.Number("fs"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SOS_matches_scipy(string name) => AssertSosMatches(Fixture.Case(File, name), name);

    [Theory]
    [MemberData(nameof(SweepCases))]
    public void SOS_matches_scipy_random_sweep(string name) => AssertSosMatches(Fixture.Case(File, name, "sweep"), name);

    private static void AssertSosMatches(JsonElement c, string name)
    {
        var sos = Design(c);
        var rows = c.Rows("sos");
        Assert.Equal(rows.Length * 6, sos.Length);
        Assert.Equal(IirDesign.SectionCount(c.Int("order"), Enum.Parse<FilterBand>(c.Text("band"))), rows.Length);
        // Same pipeline and operation order as scipy, with numpy's rounding for complex division, magnitude and
        // square root; what remains is numpy's SIMD tan for the pre-warping (and sin/cos/sinh in the prototypes),
        // which differs from libm by an ulp at times. (Checked: scipy's own pipeline with math.tan for the warping
        // reproduces our coefficients to 1 ulp.) Half-rows are compared relative to their largest coefficient (row
        // 0's numerator carries the overall gain, down to 1e-30 here); see Tolerances for the bounds.
        var (coefficientTolerance, gainTolerance) = Tolerances(c);
        for (var r = 0; r < rows.Length; r++)
        {
            var expectedB = rows[r].AsSpan(0, 3).ToArray();
            var expectedA = rows[r].AsSpan(3, 3).ToArray();
            var tolB = r == 0 ? gainTolerance : coefficientTolerance;
            Assertions.AllClose(expectedB, sos.AsSpan(r * 6, 3), 0, tolB * Assertions.MaxAbs(expectedB), $"{name} row {r} b");
            Assertions.AllClose(expectedA, sos.AsSpan((r * 6) + 3, 3), 0, coefficientTolerance * Assertions.MaxAbs(expectedA), $"{name} row {r} a");
        }
    }

    /// <summary>
    /// Relative tolerances for the SOS coefficients and for the overall gain k (row 0's numerator, also the zpk k).
    /// A one-ulp difference in a pre-warped edge W = 4·tan(π·w/2) moves the digital poles by about
    /// eps·max(1, W/4) relative (measured: one ulp of W at w = 0.9999, where W/4 ≈ 6366, changes a-coefficients by
    /// 1.2e-12 ≈ 0.9·eps·W/4); hence 1e-14 (≈ 45 ulp, the floor for well-conditioned edges; observed differences there
    /// are a few ulp) + 8·eps·max(1, W/4). The gain holds W^order (low/high-pass) or bw^order with bw = W1 − W0
    /// (band filters), so it is further multiplied by order and by the cancellation (W1 + W0)/(W1 − W0) of bw.
    /// </summary>
    private static (double Coefficient, double Gain) Tolerances(JsonElement c)
    {
        const double eps = 2.220446049250313e-16;
        var fs = c.Number("fs");
        var w = c.Doubles("cutoff");
        var edge = 1.0;
        var warped = new double[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            warped[i] = 4 * Math.Tan(Math.PI * (2 * w[i] / fs) / 2);
            edge = Math.Max(edge, warped[i] / 4);
        }
        var gain = c.Int("order") * edge;
        if (w.Length == 2)
        {
            gain *= (warped[1] + warped[0]) / (warped[1] - warped[0]);
        }
        return (1e-14 + (8 * eps * edge), 1e-14 + (8 * eps * gain));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Frequency_response_matches_scipy_sosfreqz(string name)
    {
        // The ordering-independent check: whatever the pairing, the cascade must realise scipy's transfer function.
        var c = Fixture.Case(File, name);
        var sos = Design(c);
        var reference = Flatten(c.Rows("sos"));
        var w = c.Doubles("w");
        var re = c.Doubles("h_re");
        var im = c.Doubles("h_im");
        var fs = c.Number("fs");
        var maxMag = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            maxMag = Math.Max(maxMag, Complex.Abs(new Complex(re[i], im[i])));
        }
        for (var i = 0; i < w.Length; i++)
        {
            var omega = 2 * Math.PI * w[i] / fs;
            var h = Response(sos, omega);
            var e = new Complex(re[i], im[i]);
            // Evaluating B(z)/A(z) near a pole close to the unit circle (edges at 0.001·Nyquist put poles within
            // ~0.003 of it) amplifies every coefficient's rounding by Σ|a|/|A(z)|; both scipy's sosfreqz and this
            // evaluation round, so the bound is 16·eps·(condition of the evaluation, computed from scipy's SOS)
            // plus 1e-14·max|H| for the well-conditioned points. The observed worst is about 5e-11·max|H|.
            var tolerance = (16 * 2.220446049250313e-16 * EvaluationBound(reference, omega)) + (1e-14 * maxMag);
            var err = Complex.Abs(h - e);
            Assert.True(err <= tolerance,
                $"{name}: H({w[i]}) = {h}, scipy {e}, |err| {err:E3} > tolerance {tolerance:E3} (max|H| {maxMag:E3})");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Zpk_matches_scipy_in_order(string name)
    {
        var c = Fixture.Case(File, name);
        var band = Enum.Parse<FilterBand>(c.Text("band"));
        var cutoff = c.Doubles("cutoff");
        var zpk = c.Text("ftype") == "butter"
            ? IirDesign.ButterZpk(c.Int("order"), cutoff, band, c.Number("fs"))
            : IirDesign.Cheby1Zpk(c.Int("order"), c.Number("rp"), cutoff, band, c.Number("fs"));
        // Roots in scipy's order (the order feeds the pairing), with the SOS coefficient tolerance (see Tolerances)
        // times max(1, |r|); the gain with the SOS gain tolerance.
        var tolerance = Tolerances(c).Coefficient;
        AssertRoots(c.Doubles("z_re"), c.Doubles("z_im"), zpk.Zeros, tolerance, $"{name} zeros");
        AssertRoots(c.Doubles("p_re"), c.Doubles("p_im"), zpk.Poles, tolerance, $"{name} poles");
        Assertions.AllClose([c.Number("k")], [zpk.Gain], Tolerances(c).Gain, 0, $"{name} k");
    }

    private static void AssertRoots(double[] re, double[] im, Complex[] actual, double tolerance, string what)
    {
        Assert.Equal(re.Length, actual.Length);
        for (var i = 0; i < re.Length; i++)
        {
            var e = new Complex(re[i], im[i]);
            var err = Complex.Abs(actual[i] - e);
            Assert.True(err <= tolerance * Math.Max(1.0, Complex.Abs(e)), $"{what} [{i}]: {actual[i]} vs scipy {e}, |err| {err:E3}");
        }
    }

    private static double[] Flatten(double[][] rows)
    {
        var flat = new double[rows.Length * 6];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r].CopyTo(flat, r * 6);
        }
        return flat;
    }

    /// <summary>
    /// First-order bound on |δH| per unit relative perturbation of every coefficient:
    /// Σ_s (Σ|b_s| + |H_s|·Σ|a_s|)/|A_s(z)| · Π_(o≠s) |H_o|, finite even where B_s(z) = 0.
    /// </summary>
    private static double EvaluationBound(double[] sos, double omega)
    {
        var z1 = Complex.FromPolarCoordinates(1.0, -omega);
        var z2 = z1 * z1;
        var n = sos.Length / 6;
        var hs = new double[n];
        var terms = new double[n];
        for (var s = 0; s < n; s++)
        {
            var r = s * 6;
            var b = Complex.Abs(sos[r] + (sos[r + 1] * z1) + (sos[r + 2] * z2));
            var a = Complex.Abs(sos[r + 3] + (sos[r + 4] * z1) + (sos[r + 5] * z2));
            hs[s] = b / a;
            var sumB = Math.Abs(sos[r]) + Math.Abs(sos[r + 1]) + Math.Abs(sos[r + 2]);
            var sumA = Math.Abs(sos[r + 3]) + Math.Abs(sos[r + 4]) + Math.Abs(sos[r + 5]);
            terms[s] = (sumB + (hs[s] * sumA)) / a;
        }
        var bound = 0.0;
        for (var s = 0; s < n; s++)
        {
            var t = terms[s];
            for (var o = 0; o < n; o++)
            {
                if (o != s)
                {
                    t *= hs[o];
                }
            }
            bound += t;
        }
        return bound;
    }

    /// <summary>H(e^{iω}) of a flat SOS array: Π (b0 + b1 z⁻¹ + b2 z⁻²)/(a0 + a1 z⁻¹ + a2 z⁻²).</summary>
    internal static Complex Response(double[] sos, double omega)
    {
        var z1 = Complex.FromPolarCoordinates(1.0, -omega);
        var z2 = z1 * z1;
        var h = Complex.One;
        for (var r = 0; r < sos.Length; r += 6)
        {
            h *= (sos[r] + (sos[r + 1] * z1) + (sos[r + 2] * z2)) / (sos[r + 3] + (sos[r + 4] * z1) + (sos[r + 5] * z2));
        }
        return h;
    }
}
