namespace RovDsp.Dsp.Spectral;

/// <summary>What <see cref="Spectrogram"/> returns per bin (scipy's <c>mode</c> argument).</summary>
public enum SpectrogramMode
{
    /// <summary>Power: |X|²·scale, one-sided bins doubled except DC and (even nfft) Nyquist (scipy <c>'psd'</c>).</summary>
    Psd,

    /// <summary>Magnitude |X|·sqrt(scale), no doubling (scipy <c>'magnitude'</c>).</summary>
    Magnitude,
}
