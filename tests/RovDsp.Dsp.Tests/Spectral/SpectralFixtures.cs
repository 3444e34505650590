using System.Text.Json;
using RovDsp.Dsp.Spectral;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Spectral;

/// <summary>Reads the common parameters of the spectral_stft.json cases.</summary>
internal static class SpectralFixtures
{
    public const string File = "spectral_stft.json";

    public static double[] Window(JsonElement c)
    {
        var (type, p) = ScipyWindows.Parse(c.Text("window"), c.Number("window_param"));
        // scipy's spectral functions use get_window(..., fftbins=True): the periodic window.
        return RovDsp.Dsp.Windows.Window.Create(type, c.Int("nperseg"), periodic: true, p);
    }

    public static DetrendType Detrend(JsonElement c) => c.Text("detrend") switch
    {
        "none" => DetrendType.None,
        "constant" => DetrendType.Constant,
        "linear" => DetrendType.Linear,
        var d => throw new ArgumentOutOfRangeException(nameof(c), d, "detrend"),
    };

    public static SpectralScaling Scaling(JsonElement c) => c.Text("scaling") switch
    {
        "density" or "psd" => SpectralScaling.Density,
        "spectrum" => SpectralScaling.Spectrum,
        var s => throw new ArgumentOutOfRangeException(nameof(c), s, "scaling"),
    };

    public static bool IsComplex(JsonElement c) => c.GetProperty("complex").GetBoolean();

    public static bool Onesided(JsonElement c) => !c.TryGetProperty("onesided", out var v) || v.GetBoolean();

    public static StftBoundary Boundary(JsonElement c) => c.Text("boundary") switch
    {
        "none" => StftBoundary.None,
        "zeros" => StftBoundary.Zeros,
        "even" => StftBoundary.Even,
        "odd" => StftBoundary.Odd,
        "constant" => StftBoundary.Constant,
        var b => throw new ArgumentOutOfRangeException(nameof(c), b, "boundary"),
    };

    /// <summary>scipy's frequencies × segments matrix, flattened row-major.</summary>
    public static double[] Flatten(double[][] rows)
    {
        var cols = rows.Length == 0 ? 0 : rows[0].Length;
        var flat = new double[rows.Length * cols];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r].CopyTo(flat, r * cols);
        }
        return flat;
    }

    /// <summary>The largest |value| over both parts, to scale absolute tolerances.</summary>
    public static double MaxAbs(double[] a, double[]? b = null) =>
        Math.Max(Assertions.MaxAbs(a), b is null ? 0 : Assertions.MaxAbs(b));
}
