using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Dsp.Tests.Pipelines.Slurry;

public sealed class SlurryLineDesignTests
{
    [Theory]
    [InlineData(1.0, 0.20)]
    [InlineData(0.99, 0.20)]
    [InlineData(3.0, 0.15)]
    public void Flow_is_velocity_times_pipe_area_per_hour(double v, double d)
    {
        // Q = v·π·D²/4 [m³/s] × 3600; at 1 m/s in 0.20 m: 113.097 m³/h. Closed form, double: 1e-12 relative.
        var expected = v * Math.PI * d * d / 4.0 * 3600.0;
        Assert.Equal(expected, SlurryLineDesign.FlowM3PerHour(v, d), 12);
        Assert.Equal(113.09733552923255, SlurryLineDesign.FlowM3PerHour(1.0, 0.20), 10);
    }

    [Fact]
    public void Concentration_and_dry_solids_from_mixture_density()
    {
        // ρm = 1028 + 0.05·(2600 − 1028) = 1106.6 → Cv = 0.05 exactly (up to double rounding).
        var cv = SlurryLineDesign.VolumetricConcentration(1106.6, 1028.0, 2600.0);
        Assert.Equal(0.05, cv, 12);
        // 350 t/day = 14.583 t/h of dry solids at Cv 5 % needs Q = 14583.3/(2600·0.05) = 112.18 m³/h
        // (docs/domain.md#daily-target: ≈ 110).
        var q = 350.0 / 24.0 * 1000.0 / (2600.0 * 0.05);
        Assert.Equal(350.0 / 24.0, SlurryLineDesign.DrySolidsTph(2600.0, cv, q), 9);
        Assert.Equal(1106.6 * q / 1000.0, SlurryLineDesign.MixtureMassFlowTph(1106.6, q), 12);
        // Water alone: no solids.
        Assert.Equal(0.0, SlurryLineDesign.VolumetricConcentration(1028.0, 1028.0, 2600.0));
    }

    [Fact]
    public void Durand_deposition_velocity()
    {
        // V_D = F_L·√(2gD(s − 1)), s = 2600/1028: √(2·9.80665·0.2·1.52918) = 2.44916 m/s; × 0.25 = 0.6123 m/s.
        var vd = SlurryLineDesign.DurandDepositionVelocity(0.25, 0.20, 2600.0, 1028.0);
        Assert.Equal(0.25 * Math.Sqrt(2.0 * 9.80665 * 0.2 * (2600.0 / 1028.0 - 1.0)), vd, 12);
        Assert.InRange(vd, 0.612, 0.613);
        Assert.Equal(vd, new SlurryLinePipeline().DepositionVelocityMps, 12);
    }

    [Theory]
    [InlineData(3.0, 10.0)]
    [InlineData(2.4, 10.0)]
    [InlineData(0.0, 10.0)]
    [InlineData(4.7, 50.0)]
    public void Lag_estimate_recovers_a_known_delay(double lagS, double rateHz)
    {
        // A concentration-like signal: random steps smoothed by a 2 s first-order lag; the lagged copy is the same
        // function evaluated lagS earlier. Tolerance: half a sample (the parabola refines within one).
        var rng = new Random(7);
        var steps = Enumerable.Range(0, 40).Select(_ => rng.NextDouble()).ToArray();
        double Signal(double t)
        {
            var y = 0.0;
            for (var k = 0; k < steps.Length; k++)
            {
                var start = 7.0 * k;
                if (t > start)
                {
                    y += (steps[k] - (k > 0 ? steps[k - 1] : 0.0)) * (1.0 - Math.Exp(-(t - start) / 2.0));
                }
            }
            return y;
        }
        var n = (int)(200 * rateHz);
        var reference = new float[n];
        var lagged = new float[n];
        for (var i = 0; i < n; i++)
        {
            reference[i] = (float)Signal(i / rateHz);
            lagged[i] = (float)Signal(i / rateHz - lagS);
        }
        var estimate = SlurryLineDesign.EstimateLagSeconds(reference, lagged, rateHz, 10.0);
        Assert.InRange(estimate, lagS - 0.5 / rateHz, lagS + 0.5 / rateHz);
    }

    [Fact]
    public void Lag_estimate_rejects_bad_arguments()
    {
        var x = new float[16];
        Assert.Equal("lagged", Assert.Throws<ArgumentException>(() => SlurryLineDesign.EstimateLagSeconds(x, new float[8], 10, 1)).ParamName);
        Assert.Equal("sampleRateHz", Assert.Throws<ArgumentOutOfRangeException>(() => SlurryLineDesign.EstimateLagSeconds(x, x, 0, 1)).ParamName);
        Assert.Equal("maxLagS", Assert.Throws<ArgumentOutOfRangeException>(() => SlurryLineDesign.EstimateLagSeconds(x, x, 10, -1)).ParamName);
    }
}
