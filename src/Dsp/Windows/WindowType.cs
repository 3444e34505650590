namespace RovDsp.Dsp.Windows;

/// <summary>
/// The window shapes <see cref="Window.Create"/> builds, named after their <c>scipy.signal.windows</c> functions.
/// </summary>
public enum WindowType
{
    /// <summary>All ones (<c>scipy.signal.windows.boxcar</c>).</summary>
    Rectangular,

    /// <summary>Raised cosine 0.5 − 0.5·cos (<c>scipy.signal.windows.hann</c>).</summary>
    Hann,

    /// <summary>0.54 − 0.46·cos (<c>scipy.signal.windows.hamming</c>).</summary>
    Hamming,

    /// <summary>Three-term cosine 0.42, 0.5, 0.08 (<c>scipy.signal.windows.blackman</c>).</summary>
    Blackman,

    /// <summary>Four-term minimum Blackman-Harris (<c>scipy.signal.windows.blackmanharris</c>).</summary>
    BlackmanHarris,

    /// <summary>Five-term flat-top window for amplitude accuracy (<c>scipy.signal.windows.flattop</c>).</summary>
    FlatTop,

    /// <summary>Kaiser-Bessel window with shape parameter β (<c>scipy.signal.windows.kaiser</c>); β is required.</summary>
    Kaiser,

    /// <summary>Tapered cosine with taper fraction α, default 0.5 (<c>scipy.signal.windows.tukey</c>).</summary>
    Tukey,
}
