using RovDsp.Dsp.PulseCompression;

namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>
/// Closed-form slurry relations (docs/domain.md#slurry-line) and the density-lag estimate: design functions in double
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
    /// [0, <paramref name="maxLagS"/>] (at most half the record) maximising their normalised cross-correlation
    /// (scipy.signal.correlate(lagged, reference[:n − maxLag], 'valid') of the mean-removed signals, divided by the
    /// energy of the lagged segment each lag uses), refined by a parabola through the peak and its neighbours.
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
        var maxLag = Math.Min(n / 2, (int)Math.Floor(maxLagS * sampleRateHz));
        var m = n - maxLag;
        var a = Demeaned(reference[..m]);
        var b = Demeaned(lagged);
        // correlate(b, a[:m], 'valid')[d] = Σ_l b[l + d]·a[l]: every lag 0..maxLag sees the same m products (no
        // triangular bias toward short lags). Normalised by the energy of the b segment each lag uses (the
        // normalised cross-correlation), so a level change inside the record does not pull the peak.
        var correlator = new Correlator(n, m);
        var scores = new float[maxLag + 1];
        correlator.Correlate(b, a, scores, CorrelationMode.Valid);
        var energy = 0.0;
        for (var l = 0; l < m; l++)
        {
            energy += (double)b[l] * b[l];
        }
        var normalised = new double[maxLag + 1];
        for (var d = 0; d <= maxLag; d++)
        {
            if (d > 0)
            {
                energy += (double)b[d + m - 1] * b[d + m - 1] - (double)b[d - 1] * b[d - 1];
            }
            normalised[d] = energy > 0 ? scores[d] / Math.Sqrt(energy) : 0.0;
        }
        var best = 0;
        for (var d = 1; d <= maxLag; d++)
        {
            if (normalised[d] > normalised[best])
            {
                best = d;
            }
        }
        var refined = (double)best;
        if (best > 0 && best < maxLag)
        {
            double ym = normalised[best - 1], y0 = normalised[best], yp = normalised[best + 1];
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
