using RovDsp.Dsp.PulseCompression;

namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>
/// Closed-form slurry relations (../shared/BRIEF.md) and the density-lag estimate: design functions in double
/// precision, used by <see cref="SlurryLinePipeline"/> and by tests as the reference.
/// </summary>
public static class SlurryLineDesign
{
    /// <summary>Seconds per hour.</summary>
    private const double SecondsPerHour = 3600.0;

    /// <summary>Volumetric flow Q = v·π·D²/4, converted to m³/h.</summary>
    /// <param name="velocityMps">Mean axial velocity, m/s.</param>
    /// <param name="diameterM">Inner diameter, m.</param>
    public static double FlowM3PerHour(double velocityMps, double diameterM) =>
        velocityMps * Math.PI * diameterM * diameterM / 4.0 * SecondsPerHour;

    /// <summary>Volumetric solids concentration Cv = (ρm − ρw)/(ρs − ρw) (not clamped: noise about the water
    /// density gives small negative values whose mean is unbiased).</summary>
    /// <param name="mixtureDensity">ρm, kg/m³.</param>
    /// <param name="waterDensity">ρw, kg/m³.</param>
    /// <param name="solidsDensity">ρs, kg/m³.</param>
    public static double VolumetricConcentration(double mixtureDensity, double waterDensity, double solidsDensity) =>
        (mixtureDensity - waterDensity) / (solidsDensity - waterDensity);

    /// <summary>Mixture mass flow ρm·Q in t/h.</summary>
    /// <param name="mixtureDensity">ρm, kg/m³.</param>
    /// <param name="flowM3PerHour">Q, m³/h.</param>
    public static double MixtureMassFlowTph(double mixtureDensity, double flowM3PerHour) =>
        mixtureDensity * flowM3PerHour / 1000.0;

    /// <summary>Dry-solids mass flow ρs·Cv·Q in t/h.</summary>
    /// <param name="solidsDensity">ρs, kg/m³.</param>
    /// <param name="cv">Volumetric concentration.</param>
    /// <param name="flowM3PerHour">Q, m³/h.</param>
    public static double DrySolidsTph(double solidsDensity, double cv, double flowM3PerHour) =>
        solidsDensity * cv * flowM3PerHour / 1000.0;

    /// <summary>Durand's limit deposit velocity V_D = F_L·√(2·g·D·(ρs/ρw − 1)) (Durand and Condolios 1952).</summary>
    /// <param name="fl">Durand's F_L.</param>
    /// <param name="diameterM">Inner diameter, m.</param>
    /// <param name="solidsDensity">ρs, kg/m³.</param>
    /// <param name="waterDensity">ρw, kg/m³.</param>
    public static double DurandDepositionVelocity(double fl, double diameterM, double solidsDensity, double waterDensity) =>
        fl * Math.Sqrt(2.0 * SlurryLineSettings.Gravity * diameterM * (solidsDensity / waterDensity - 1.0));

    /// <summary>
    /// Estimates how far <paramref name="lagged"/> (e.g. the gamma density) trails <paramref name="reference"/>
    /// (e.g. the ultrasonic density, or any signal driven by the same concentration changes): the lag in
    /// [0, <paramref name="maxLagS"/>] maximising their cross-correlation (scipy.signal.correlate of the
    /// mean-removed signals), refined by a parabola through the peak and its neighbours.
    /// </summary>
    /// <param name="reference">The undelayed signal, uniformly sampled.</param>
    /// <param name="lagged">The delayed signal on the same time grid, same length.</param>
    /// <param name="sampleRateHz">The grid's rate.</param>
    /// <param name="maxLagS">Largest lag searched, s.</param>
    /// <returns>The lag in seconds (positive: <paramref name="lagged"/> comes later).</returns>
    public static double EstimateLagSeconds(ReadOnlySpan<float> reference, ReadOnlySpan<float> lagged,
        double sampleRateHz, double maxLagS)
    {
        if (reference.Length < 4 || lagged.Length != reference.Length)
        {
            throw new ArgumentException("Both signals need the same length, at least 4 samples.", nameof(lagged));
        }
        if (!(sampleRateHz > 0) || !double.IsFinite(sampleRateHz))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "The sample rate must be positive.");
        }
        if (!(maxLagS >= 0) || !double.IsFinite(maxLagS))
        {
            throw new ArgumentOutOfRangeException(nameof(maxLagS), maxLagS, "The largest lag must be finite and >= 0.");
        }
        var n = reference.Length;
        var a = Demeaned(reference);
        var b = Demeaned(lagged);
        var correlator = new Correlator(n, n);
        var full = new float[2 * n - 1];
        // correlate(b, a)[k] peaks at k − (n − 1) = d when b[t] = a[t − d].
        correlator.Correlate(b, a, full);
        var maxLag = Math.Min(n - 2, (int)Math.Floor(maxLagS * sampleRateHz));
        var best = 0;
        var bestValue = float.NegativeInfinity;
        for (var d = 0; d <= maxLag; d++)
        {
            var value = full[n - 1 + d];
            if (value > bestValue)
            {
                bestValue = value;
                best = d;
            }
        }
        var refined = (double)best;
        if (best > 0 && best < maxLag)
        {
            double ym = full[n - 2 + best], y0 = full[n - 1 + best], yp = full[n + best];
            var denominator = ym - 2.0 * y0 + yp;
            if (denominator < 0)
            {
                refined += 0.5 * (ym - yp) / denominator;
            }
        }
        return refined / sampleRateHz;
    }

    private static float[] Demeaned(ReadOnlySpan<float> x)
    {
        var mean = 0.0;
        foreach (var v in x)
        {
            mean += v;
        }
        mean /= x.Length;
        var result = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            result[i] = (float)(x[i] - mean);
        }
        return result;
    }
}
