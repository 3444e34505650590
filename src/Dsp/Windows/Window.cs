namespace RovDsp.Dsp.Windows;

/// <summary>
/// Window functions as <c>scipy.signal.get_window(type, length, fftbins=periodic)</c> builds them, in double precision.
/// </summary>
/// <remarks>
/// A symmetric window (<c>periodic = false</c>, scipy's <c>sym=True</c>) is the one used for FIR design; a periodic
/// window (scipy's <c>fftbins=True</c>) is the symmetric window of length + 1 with its last sample dropped, which
/// is what spectral analysis wants. Lengths 0 and 1 give an empty array and <c>[1.0]</c>, as in scipy.
/// </remarks>
public static class Window
{
    // Cosine-sum coefficients, as in scipy.signal.windows (general_hamming, blackman, blackmanharris, flattop).
    private static readonly double[] HannCoefficients = [0.5, 0.5];
    private static readonly double[] HammingCoefficients = [0.54, 1.0 - 0.54];
    private static readonly double[] BlackmanCoefficients = [0.42, 0.50, 0.08];
    private static readonly double[] BlackmanHarrisCoefficients = [0.35875, 0.48829, 0.14128, 0.01168];
    private static readonly double[] FlatTopCoefficients = [0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368];

    /// <summary>
    /// Builds a window like <c>scipy.signal.get_window(type, length, fftbins=periodic)</c>.
    /// </summary>
    /// <param name="type">The window shape.</param>
    /// <param name="length">Number of samples, at least 0.</param>
    /// <param name="periodic">
    /// False for the symmetric window (filter design, scipy <c>sym=True</c>); true for the periodic one
    /// (spectral analysis, scipy <c>fftbins=True</c>).
    /// </param>
    /// <param name="parameter">
    /// Kaiser β (required, ≥ 0 in practice) or Tukey α (NaN means scipy's default 0.5; α ≤ 0 gives a rectangular and
    /// α ≥ 1 a Hann window, as in scipy). Must be NaN for the windows that take no parameter.
    /// </param>
    /// <returns>A new array of <paramref name="length"/> samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or <paramref name="type"/> unknown.</exception>
    /// <exception cref="ArgumentException">A Kaiser window without β, or a parameter for a window that takes none.</exception>
    public static double[] Create(WindowType type, int length, bool periodic = false, double parameter = double.NaN)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ValidateParameter(type, parameter);
        var w = new double[length];
        Fill(type, w, periodic, parameter);
        return w;
    }

    /// <summary>
    /// Writes the window into <paramref name="destination"/> (its length is the window length); the allocation-free
    /// form of <see cref="Create"/>, with the same arguments and validation.
    /// </summary>
    /// <param name="type">The window shape.</param>
    /// <param name="destination">Receives the window; its length is the window length.</param>
    /// <param name="periodic">False for symmetric, true for periodic (see <see cref="Create"/>).</param>
    /// <param name="parameter">Kaiser β or Tukey α (see <see cref="Create"/>).</param>
    /// <exception cref="ArgumentException">A Kaiser window without β, or a parameter for a window that takes none.</exception>
    public static void Fill(WindowType type, Span<double> destination, bool periodic = false, double parameter = double.NaN)
    {
        ValidateParameter(type, parameter);
        var length = destination.Length;
        if (length <= 1)
        {
            // scipy's _len_guards: lengths 0 and 1 are all ones whatever the shape.
            destination.Fill(1.0);
            return;
        }

        // scipy's _extend/_truncate: a periodic window is the symmetric one of length + 1 without its last sample.
        var m = periodic ? length + 1 : length;
        switch (type)
        {
            case WindowType.Rectangular:
                destination.Fill(1.0);
                break;
            case WindowType.Hann:
                CosineSum(HannCoefficients, m, destination);
                break;
            case WindowType.Hamming:
                CosineSum(HammingCoefficients, m, destination);
                break;
            case WindowType.Blackman:
                CosineSum(BlackmanCoefficients, m, destination);
                break;
            case WindowType.BlackmanHarris:
                CosineSum(BlackmanHarrisCoefficients, m, destination);
                break;
            case WindowType.FlatTop:
                CosineSum(FlatTopCoefficients, m, destination);
                break;
            case WindowType.Kaiser:
                Kaiser(parameter, m, destination);
                break;
            case WindowType.Tukey:
                Tukey(double.IsNaN(parameter) ? 0.5 : parameter, m, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown window type.");
        }
    }

    private static void ValidateParameter(WindowType type, double parameter)
    {
        switch (type)
        {
            case WindowType.Kaiser:
                if (!double.IsFinite(parameter))
                {
                    // scipy.signal.get_window: "The 'kaiser' window needs one or more parameters".
                    throw new ArgumentException("The Kaiser window needs a finite beta parameter.", nameof(parameter));
                }
                break;
            case WindowType.Tukey:
                if (double.IsInfinity(parameter))
                {
                    throw new ArgumentException("The Tukey alpha must be finite (or NaN for the default 0.5).", nameof(parameter));
                }
                break;
            case WindowType.Rectangular:
            case WindowType.Hann:
            case WindowType.Hamming:
            case WindowType.Blackman:
            case WindowType.BlackmanHarris:
            case WindowType.FlatTop:
                if (!double.IsNaN(parameter))
                {
                    // scipy raises TypeError for extra window arguments; a silent ignore would hide a caller bug.
                    throw new ArgumentException($"The {type} window takes no parameter; pass NaN.", nameof(parameter));
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown window type.");
        }
    }

    // scipy.signal.windows.general_cosine: w = Σ a[k]·cos(k·fac), fac = linspace(−π, π, m), in scipy's order of
    // operations (numpy linspace: i·step + start, last point set to stop exactly) so results agree to the last bits.
    // Only the first destination.Length (m or m − 1) points are written.
    private static void CosineSum(double[] a, int m, Span<double> destination)
    {
        var step = (Math.PI - -Math.PI) / (m - 1);
        for (var i = 0; i < destination.Length; i++)
        {
            var fac = i == m - 1 ? Math.PI : (i * step) + -Math.PI;
            var w = 0.0;
            for (var k = 0; k < a.Length; k++)
            {
                w += a[k] * Math.Cos(k * fac);
            }
            destination[i] = w;
        }
    }

    // scipy.signal.windows.kaiser: w[n] = I0(β·sqrt(1 − ((n − α)/α)²)) / I0(β), α = (m − 1)/2.
    private static void Kaiser(double beta, int m, Span<double> destination)
    {
        var alpha = (m - 1) / 2.0;
        var denominator = Bessel.I0(beta);
        for (var n = 0; n < destination.Length; n++)
        {
            var r = (n - alpha) / alpha;
            destination[n] = Bessel.I0(beta * Math.Sqrt(1.0 - (r * r))) / denominator;
        }
    }

    // scipy.signal.windows.tukey: cosine tapers of width floor(α(m − 1)/2) + 1 at each end, ones between.
    private static void Tukey(double alpha, int m, Span<double> destination)
    {
        if (alpha <= 0)
        {
            destination.Fill(1.0);
            return;
        }
        if (alpha >= 1.0)
        {
            CosineSum(HannCoefficients, m, destination);
            return;
        }

        var width = (int)Math.Floor(alpha * (m - 1) / 2.0);
        for (var n = 0; n < destination.Length; n++)
        {
            double w;
            if (n <= width)
            {
                w = 0.5 * (1 + Math.Cos(Math.PI * (-1 + (2.0 * n / alpha / (m - 1)))));
            }
            else if (n < m - width - 1)
            {
                w = 1.0;
            }
            else
            {
                w = 0.5 * (1 + Math.Cos(Math.PI * ((-2.0 / alpha) + 1 + (2.0 * n / alpha / (m - 1)))));
            }
            destination[n] = w;
        }
    }
}
