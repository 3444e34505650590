namespace RovDsp.Dsp.Design;

/// <summary>
/// Digital IIR design as second-order sections, equal to <c>scipy.signal.butter</c>/<c>cheby1</c> with
/// <c>output='sos'</c>: analog prototype (buttap, cheb1ap) → frequency transformation at pre-warped edges
/// (lp2lp/lp2hp/lp2bp/lp2bs_zpk) → bilinear_zpk → zpk2sos (pairing 'nearest', gain in the first section).
/// </summary>
/// <remarks>
/// The result is a flat array of <c>sections × 6</c> values, each row <c>b0 b1 b2 a0 a1 a2</c> (a0 = 1), rows in
/// scipy's order (the poles closest to the unit circle last). A filter of order N has ⌈N/2⌉ sections for low/high-pass
/// and N sections for band-pass/band-stop (the transformation doubles the order).
/// </remarks>
public static class IirDesign
{
    /// <summary>Largest order accepted; far beyond what double-precision SOS design keeps accurate anyway.</summary>
    public const int MaxOrder = 64;

    /// <summary>
    /// Butterworth filter as <c>scipy.signal.butter(order, cutoff, band, output='sos', fs=sampleRate)</c>.
    /// </summary>
    /// <param name="order">Filter order, 1 to <see cref="MaxOrder"/>.</param>
    /// <param name="cutoff">The −3 dB frequency (low/high-pass) or the two band edges (band-pass/stop), in the units
    /// of <paramref name="sampleRate"/>, each in (0, sampleRate/2), edges strictly increasing.</param>
    /// <param name="band">Which band passes.</param>
    /// <param name="sampleRate">Sampling rate; the default 2.0 makes cutoffs Nyquist-normalised (scipy's default).</param>
    /// <returns>The sections, flattened row by row (6 values per section).</returns>
    /// <exception cref="ArgumentException">Order, cutoff count or values, band or sample rate invalid.</exception>
    public static double[] Butter(int order, ReadOnlySpan<double> cutoff, FilterBand band, double sampleRate = 2.0)
    {
        ValidateOrder(order);
        var wn = NormalisedEdges(cutoff, band, sampleRate);
        return Design(AnalogPrototype.Butterworth(order), wn, band);
    }

    /// <summary>
    /// Chebyshev type I filter as <c>scipy.signal.cheby1(order, rippleDb, cutoff, band, output='sos', fs=sampleRate)</c>.
    /// </summary>
    /// <param name="order">Filter order, 1 to <see cref="MaxOrder"/>.</param>
    /// <param name="rippleDb">Peak-to-peak passband ripple in dB, &gt; 0.</param>
    /// <param name="cutoff">The frequency (or two band edges) where the gain first drops below −rippleDb, in the units
    /// of <paramref name="sampleRate"/>, each in (0, sampleRate/2), edges strictly increasing.</param>
    /// <param name="band">Which band passes.</param>
    /// <param name="sampleRate">Sampling rate; the default 2.0 makes cutoffs Nyquist-normalised (scipy's default).</param>
    /// <returns>The sections, flattened row by row (6 values per section).</returns>
    /// <exception cref="ArgumentException">Order, ripple, cutoff count or values, band or sample rate invalid.</exception>
    public static double[] Cheby1(int order, double rippleDb, ReadOnlySpan<double> cutoff, FilterBand band, double sampleRate = 2.0)
    {
        ValidateOrder(order);
        if (!(rippleDb > 0.0) || double.IsInfinity(rippleDb))
        {
            // scipy rejects rp < 0; rp = 0 gives ε = 0 and infinite poles there, so it is rejected here too.
            throw new ArgumentOutOfRangeException(nameof(rippleDb), rippleDb, "The passband ripple must be positive and finite (dB).");
        }
        var wn = NormalisedEdges(cutoff, band, sampleRate);
        return Design(AnalogPrototype.ChebyshevI(order, rippleDb), wn, band);
    }

    /// <summary>Single-cutoff form of <see cref="Butter(int, ReadOnlySpan{double}, FilterBand, double)"/> (low/high-pass).</summary>
    /// <param name="order">Filter order.</param>
    /// <param name="cutoff">The cutoff frequency in the units of <paramref name="sampleRate"/>.</param>
    /// <param name="band"><see cref="FilterBand.LowPass"/> or <see cref="FilterBand.HighPass"/>.</param>
    /// <param name="sampleRate">Sampling rate (default 2.0).</param>
    /// <returns>The sections, flattened row by row.</returns>
    public static double[] Butter(int order, double cutoff, FilterBand band, double sampleRate = 2.0)
    {
        ReadOnlySpan<double> c = [cutoff];
        return Butter(order, c, band, sampleRate);
    }

    /// <summary>Single-cutoff form of <see cref="Cheby1(int, double, ReadOnlySpan{double}, FilterBand, double)"/>.</summary>
    /// <param name="order">Filter order.</param>
    /// <param name="rippleDb">Passband ripple in dB.</param>
    /// <param name="cutoff">The cutoff frequency in the units of <paramref name="sampleRate"/>.</param>
    /// <param name="band"><see cref="FilterBand.LowPass"/> or <see cref="FilterBand.HighPass"/>.</param>
    /// <param name="sampleRate">Sampling rate (default 2.0).</param>
    /// <returns>The sections, flattened row by row.</returns>
    public static double[] Cheby1(int order, double rippleDb, double cutoff, FilterBand band, double sampleRate = 2.0)
    {
        ReadOnlySpan<double> c = [cutoff];
        return Cheby1(order, rippleDb, c, band, sampleRate);
    }

    /// <summary>Number of sections in the result for a given order and band (6 values each).</summary>
    /// <param name="order">Filter order.</param>
    /// <param name="band">Which band passes.</param>
    /// <returns>⌈order/2⌉ for low/high-pass, order for band-pass/band-stop.</returns>
    public static int SectionCount(int order, FilterBand band) =>
        band is FilterBand.BandPass or FilterBand.BandStop ? order : (order + 1) / 2;

    /// <summary>The digital zpk before the SOS conversion (scipy's <c>output='zpk'</c>), for tests and diagnostics.</summary>
    internal static Zpk ButterZpk(int order, ReadOnlySpan<double> cutoff, FilterBand band, double sampleRate)
    {
        ValidateOrder(order);
        return DesignZpk(AnalogPrototype.Butterworth(order), NormalisedEdges(cutoff, band, sampleRate), band);
    }

    /// <summary>The digital zpk of <see cref="Cheby1(int, double, ReadOnlySpan{double}, FilterBand, double)"/>.</summary>
    internal static Zpk Cheby1Zpk(int order, double rippleDb, ReadOnlySpan<double> cutoff, FilterBand band, double sampleRate)
    {
        ValidateOrder(order);
        return DesignZpk(AnalogPrototype.ChebyshevI(order, rippleDb), NormalisedEdges(cutoff, band, sampleRate), band);
    }

    private static double[] Design(Zpk prototype, double[] wn, FilterBand band) =>
        SosConversion.ZpkToSos(DesignZpk(prototype, wn, band));

    // scipy.signal.iirfilter for a digital filter: pre-warp the edges for the bilinear transform with fs = 2
    // (warped = 2·fs·tan(π·Wn/fs)), transform the prototype, then bilinear_zpk.
    private static Zpk DesignZpk(Zpk prototype, double[] wn, FilterBand band)
    {
        const double fs = 2.0;
        var warped = new double[wn.Length];
        for (var i = 0; i < wn.Length; i++)
        {
            warped[i] = 2 * fs * Math.Tan(Math.PI * wn[i] / fs);
        }

        Zpk analog;
        switch (band)
        {
            case FilterBand.LowPass:
                analog = ZpkTransform.LowPassToLowPass(prototype, warped[0]);
                break;
            case FilterBand.HighPass:
                analog = ZpkTransform.LowPassToHighPass(prototype, warped[0]);
                break;
            case FilterBand.BandPass:
                analog = ZpkTransform.LowPassToBandPass(prototype, Math.Sqrt(warped[0] * warped[1]), warped[1] - warped[0]);
                break;
            default:
                analog = ZpkTransform.LowPassToBandStop(prototype, Math.Sqrt(warped[0] * warped[1]), warped[1] - warped[0]);
                break;
        }
        return ZpkTransform.Bilinear(analog, fs);
    }

    private static void ValidateOrder(int order)
    {
        if (order < 1 || order > MaxOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"The filter order must be between 1 and {MaxOrder}.");
        }
    }

    // scipy.signal.iirfilter's checks: Wn = 2·cutoff/fs, 0 < Wn < 1, one edge for low/high-pass, two increasing
    // edges for band-pass/band-stop.
    private static double[] NormalisedEdges(ReadOnlySpan<double> cutoff, FilterBand band, double sampleRate)
    {
        if (!(sampleRate > 0.0) || double.IsInfinity(sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be positive and finite.");
        }
        var expected = band switch
        {
            FilterBand.LowPass or FilterBand.HighPass => 1,
            FilterBand.BandPass or FilterBand.BandStop => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(band), band, "Unknown filter band."),
        };
        if (cutoff.Length != expected)
        {
            throw new ArgumentException(
                expected == 1
                    ? $"Must specify a single critical frequency for a {band} filter, got {cutoff.Length}."
                    : $"A {band} filter needs the start and stop frequencies (2 values), got {cutoff.Length}.",
                nameof(cutoff));
        }
        var wn = new double[expected];
        for (var i = 0; i < expected; i++)
        {
            var w = 2 * cutoff[i] / sampleRate;
            if (!(w > 0.0 && w < 1.0))
            {
                throw new ArgumentException(
                    $"Digital filter critical frequencies must be 0 < cutoff < fs/2 (fs/2 = {0.5 * sampleRate}), got {cutoff[i]}.",
                    nameof(cutoff));
            }
            wn[i] = w;
        }
        if (expected == 2 && !(wn[0] < wn[1]))
        {
            throw new ArgumentException("The band edges must be strictly increasing (cutoff[0] < cutoff[1]).", nameof(cutoff));
        }
        return wn;
    }
}
