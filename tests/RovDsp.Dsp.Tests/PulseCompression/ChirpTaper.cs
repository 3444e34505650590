using System.Text.Json;

namespace RovDsp.Dsp.Tests.PulseCompression;

/// <summary>The taper a chirp fixture case asks for (scipy get_window(..., fftbins=False)).</summary>
internal static class ChirpTaper
{
    public static double[] For(JsonElement c)
    {
        var n = c.GetProperty("n").GetInt32();
        var name = c.GetProperty("taper").GetString();
        var w = new double[n];
        Array.Fill(w, 1.0);
        return name == "none" ? w : throw new NotSupportedException(name);
    }
}
