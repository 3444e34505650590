namespace RovDsp.Dsp.Spectral;

/// <summary>Normalisation of a spectral estimate, as the <c>scaling</c> argument of scipy's spectral functions.</summary>
public enum SpectralScaling
{
    /// <summary>
    /// Power spectral density in units²/Hz: |X|²/(fs·Σw²) (scipy <c>'density'</c>; for <c>stft</c> this is
    /// <c>scaling='psd'</c>, i.e. X/sqrt(fs·Σw²)).
    /// </summary>
    Density,

    /// <summary>Power spectrum in units²: |X|²/(Σw)² (scipy <c>'spectrum'</c>; for <c>stft</c>, X/Σw).</summary>
    Spectrum,
}
