namespace RovDsp.Dsp.Spectral;

/// <summary>How <see cref="Welch"/> combines the segment periodograms (scipy's <c>average</c> argument).</summary>
public enum WelchAverage
{
    /// <summary>Arithmetic mean (Welch's method proper).</summary>
    Mean,

    /// <summary>
    /// Median divided by scipy's bias factor 1 + Σ_{k=1}^{(K-1)/2} (1/(2k+1) - 1/(2k)) for K segments, which makes the
    /// median of χ²₂-distributed periodogram values an unbiased estimate of their mean; robust to transients.
    /// </summary>
    Median,
}
