namespace RovDsp.Dsp.Spectral;

/// <summary>
/// How <see cref="ShortTimeFourierTransform"/> extends the signal by nperseg/2 samples at both ends so the first and
/// last samples are centred in a segment (scipy <c>stft</c>'s <c>boundary</c> argument).
/// </summary>
public enum StftBoundary
{
    /// <summary>No extension (scipy <c>boundary=None</c>): the first segment starts at sample 0.</summary>
    None,

    /// <summary>Zeros (scipy <c>'zeros'</c>, the default).</summary>
    Zeros,

    /// <summary>Mirror without repeating the edge sample, x[-k] = x[k] (scipy <c>'even'</c>).</summary>
    Even,

    /// <summary>Point reflection about the edge sample, x[-k] = 2·x[0] - x[k] (scipy <c>'odd'</c>).</summary>
    Odd,

    /// <summary>Repeat the edge sample (scipy <c>'constant'</c>).</summary>
    Constant,
}
