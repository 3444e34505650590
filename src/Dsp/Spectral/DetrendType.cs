namespace RovDsp.Dsp.Spectral;

/// <summary>What is removed from each segment before windowing, as the <c>detrend</c> argument of scipy's spectral functions.</summary>
public enum DetrendType
{
    /// <summary>Nothing (scipy <c>detrend=False</c>, the default of <c>stft</c>).</summary>
    None,

    /// <summary>The segment mean (scipy <c>'constant'</c>, the default of <c>welch</c> and <c>spectrogram</c>).</summary>
    Constant,

    /// <summary>The least-squares straight line through the segment (scipy <c>'linear'</c>).</summary>
    Linear,
}
