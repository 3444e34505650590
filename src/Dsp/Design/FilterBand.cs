namespace RovDsp.Dsp.Design;

/// <summary>
/// Which band a designed filter passes; scipy's <c>btype</c> (IIR) and <c>pass_zero</c> string forms (FIR).
/// </summary>
public enum FilterBand
{
    /// <summary>Passes below the cutoff (one cutoff frequency).</summary>
    LowPass,

    /// <summary>Passes above the cutoff (one cutoff frequency).</summary>
    HighPass,

    /// <summary>Passes between two cutoffs (FIR: between each pair of an even list of cutoffs).</summary>
    BandPass,

    /// <summary>Rejects between two cutoffs (FIR: passes DC and then alternates at each cutoff).</summary>
    BandStop,
}
