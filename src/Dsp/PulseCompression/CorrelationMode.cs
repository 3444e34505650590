namespace RovDsp.Dsp.PulseCompression;

/// <summary>Which part of the cross-correlation to return, as the <c>mode</c> argument of <c>scipy.signal.correlate</c>.</summary>
public enum CorrelationMode
{
    /// <summary>Every lag with any overlap: n1 + n2 - 1 outputs, lag -(n2 - 1) first.</summary>
    Full,

    /// <summary>n1 outputs (the length of the first input), centred on the full output: it starts at full index (n2 - 1) / 2.</summary>
    Same,

    /// <summary>Only the lags where one input lies completely inside the other: |n1 - n2| + 1 outputs from full index min(n1, n2) - 1.</summary>
    Valid,
}
