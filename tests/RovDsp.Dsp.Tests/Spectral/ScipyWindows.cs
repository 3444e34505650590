using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.Tests.Spectral;

/// <summary>Maps the scipy window names used in the spectral fixtures to <see cref="WindowType"/>.</summary>
internal static class ScipyWindows
{
    public static (WindowType Type, double Parameter) Parse(string name, double parameter) => name switch
    {
        "boxcar" => (WindowType.Rectangular, double.NaN),
        "hann" => (WindowType.Hann, double.NaN),
        "hamming" => (WindowType.Hamming, double.NaN),
        "blackman" => (WindowType.Blackman, double.NaN),
        "blackmanharris" => (WindowType.BlackmanHarris, double.NaN),
        "flattop" => (WindowType.FlatTop, double.NaN),
        "kaiser" => (WindowType.Kaiser, parameter),
        "tukey" => (WindowType.Tukey, parameter),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "window not mapped"),
    };
}
