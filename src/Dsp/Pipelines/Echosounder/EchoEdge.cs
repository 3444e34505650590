namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>Smoothing and edge finding on compressed echo power, shared by the pipeline and the replica calibration.</summary>
internal static class EchoEdge
{
    /// <summary>Centred moving average of odd <paramref name="width"/> (shrinking at the ends) via a running sum in
    /// double; leaves the running sum of the smoothed values in <paramref name="cumulative"/> (length n + 1).</summary>
    public static void Smooth(ReadOnlySpan<float> power, Span<float> smooth, Span<double> cumulative, int width)
    {
        var n = power.Length;
        cumulative[0] = 0;
        for (var i = 0; i < n; i++)
        {
            cumulative[i + 1] = cumulative[i] + power[i];
        }
        var half = width / 2;
        for (var i = 0; i < n; i++)
        {
            var lo = Math.Max(0, i - half);
            var hi = Math.Min(n, i + half + 1);
            smooth[i] = (float)((cumulative[hi] - cumulative[lo]) / (hi - lo));
        }
        cumulative[0] = 0;
        for (var i = 0; i < n; i++)
        {
            cumulative[i + 1] = cumulative[i] + smooth[i];
        }
    }

    /// <summary>Fractional index where <paramref name="smooth"/> last rises through <paramref name="level"/> before
    /// <paramref name="peak"/> (linear interpolation), searching no further back than <paramref name="stop"/>.</summary>
    public static double LeadingEdge(ReadOnlySpan<float> smooth, int peak, int stop, double level)
    {
        var edge = peak;
        while (edge > stop && smooth[edge - 1] >= level)
        {
            edge--;
        }
        double position = edge;
        if (edge > 0 && smooth[edge] > smooth[edge - 1])
        {
            position = edge - 1 + (level - smooth[edge - 1]) / (smooth[edge] - smooth[edge - 1]);
            position = Math.Clamp(position, edge - 1, edge);
        }
        return position;
    }

    /// <summary>First index after <paramref name="peak"/> where <paramref name="smooth"/> falls below
    /// <paramref name="level"/> (the array's length when it never does).</summary>
    public static int TrailingEdge(ReadOnlySpan<float> smooth, int peak, double level)
    {
        var i = peak;
        while (i < smooth.Length && smooth[i] >= level)
        {
            i++;
        }
        return i;
    }
}
