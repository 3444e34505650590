using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.Design;

/// <summary>
/// Windowed-sinc FIR design with the semantics of <c>scipy.signal.firwin</c>, and Kaiser's order and β estimates
/// (<c>scipy.signal.kaiserord</c>, <c>kaiser_beta</c>, <c>kaiser_atten</c>).
/// </summary>
public static class FirDesign
{
    /// <summary>
    /// Linear-phase FIR taps as <c>scipy.signal.firwin(numTaps, cutoff, window=..., pass_zero=band, scale=scale,
    /// fs=sampleRate)</c>.
    /// </summary>
    /// <param name="numTaps">Filter length (order + 1), at least 1. Must be odd when the filter passes Nyquist
    /// (high-pass, band-stop, or a band list that ends in a passband), because an even-length symmetric filter has a
    /// zero there.</param>
    /// <param name="cutoff">Band edges in the units of <paramref name="sampleRate"/>, strictly increasing, each in
    /// (0, sampleRate/2). One edge for low/high-pass; two or more for band-pass/band-stop (more give multi-band
    /// filters whose passbands alternate as in scipy).</param>
    /// <param name="band">Low-pass and band-stop pass DC (scipy <c>pass_zero=True</c>); high-pass and band-pass do not.</param>
    /// <param name="sampleRate">Sampling rate; the default 2.0 makes cutoffs Nyquist-normalised, as scipy's default.</param>
    /// <param name="window">The window applied to the ideal impulse response (scipy's default Hamming).</param>
    /// <param name="windowParameter">Kaiser β or Tukey α (see <see cref="Window.Create"/>); NaN for none.</param>
    /// <param name="scale">Scale so the response is exactly 1 at the centre of the first passband (at DC if it
    /// starts at 0, at Nyquist if it ends there), as scipy's <c>scale=True</c>.</param>
    /// <returns>The <paramref name="numTaps"/> coefficients.</returns>
    /// <exception cref="ArgumentException">Invalid length, cutoffs, band/cutoff count, sample rate or window parameter.</exception>
    public static double[] Firwin(int numTaps, ReadOnlySpan<double> cutoff, FilterBand band, double sampleRate = 2.0,
        WindowType window = WindowType.Hamming, double windowParameter = double.NaN, bool scale = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numTaps, 1);
        ValidateSampleRate(sampleRate);
        if (cutoff.IsEmpty)
        {
            throw new ArgumentException("At least one cutoff frequency must be given.", nameof(cutoff));
        }

        // scipy: cutoff = cutoff / nyq, then 0 < cutoff < 1, strictly increasing.
        var nyquist = 0.5 * sampleRate;
        var normalised = new double[cutoff.Length];
        for (var i = 0; i < cutoff.Length; i++)
        {
            var c = cutoff[i] / nyquist;
            if (!(c > 0.0 && c < 1.0))
            {
                throw new ArgumentException(
                    $"Invalid cutoff frequency {cutoff[i]}: frequencies must be greater than 0 and less than fs/2 = {nyquist}.",
                    nameof(cutoff));
            }
            if (i > 0 && !(c > normalised[i - 1]))
            {
                throw new ArgumentException("Invalid cutoff frequencies: the frequencies must be strictly increasing.",
                    nameof(cutoff));
            }
            normalised[i] = c;
        }

        bool passZero;
        switch (band)
        {
            case FilterBand.LowPass:
            case FilterBand.HighPass:
                if (cutoff.Length != 1)
                {
                    throw new ArgumentException($"cutoff must have one element for {band}, got {cutoff.Length}.", nameof(cutoff));
                }
                passZero = band == FilterBand.LowPass;
                break;
            case FilterBand.BandPass:
            case FilterBand.BandStop:
                if (cutoff.Length < 2)
                {
                    throw new ArgumentException($"cutoff must have at least two elements for {band}, got {cutoff.Length}.",
                        nameof(cutoff));
                }
                passZero = band == FilterBand.BandStop;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(band), band, "Unknown filter band.");
        }

        var passNyquist = ((cutoff.Length & 1) == 1) ^ passZero;
        if (passNyquist && numTaps % 2 == 0)
        {
            throw new ArgumentException(
                "A filter with an even number of coefficients must have zero response at the Nyquist frequency; " +
                $"{band} with these cutoffs passes Nyquist, so numTaps must be odd.", nameof(numTaps));
        }

        // Window first: validates windowParameter before any work. scipy: get_window(window, numtaps, fftbins=False).
        var h = Window.Create(window, numTaps, periodic: false, windowParameter);

        // Band edges with 0 and/or 1 added so that consecutive pairs (left, right) are the passbands.
        var edges = new double[normalised.Length + (passZero ? 1 : 0) + (passNyquist ? 1 : 0)];
        var e = 0;
        if (passZero)
        {
            edges[e++] = 0.0;
        }
        normalised.CopyTo(edges, e);
        e += normalised.Length;
        if (passNyquist)
        {
            edges[e] = 1.0;
        }

        // Ideal response Σ (right·sinc(right·m) − left·sinc(left·m)) over the passbands, m = n − (numTaps − 1)/2, in
        // scipy's accumulation order; then the window.
        var alpha = 0.5 * (numTaps - 1);
        for (var n = 0; n < numTaps; n++)
        {
            var m = n - alpha;
            var acc = 0.0;
            for (var b = 0; b < edges.Length; b += 2)
            {
                var left = edges[b];
                var right = edges[b + 1];
                acc += right * Sinc(right * m);
                acc -= left * Sinc(left * m);
            }
            h[n] = acc * h[n];
        }

        if (scale)
        {
            // scipy: unit gain at DC if the first passband starts at 0, at Nyquist if it ends at 1, else at its centre.
            var left = edges[0];
            var right = edges[1];
            var f = left == 0.0 ? 0.0 : right == 1.0 ? 1.0 : 0.5 * (left + right);
            var s = 0.0;
            for (var n = 0; n < numTaps; n++)
            {
                s += h[n] * Math.Cos(Math.PI * (n - alpha) * f);
            }
            for (var n = 0; n < numTaps; n++)
            {
                h[n] /= s;
            }
        }
        return h;
    }

    /// <summary>
    /// Single-cutoff convenience form of <see cref="Firwin(int, ReadOnlySpan{double}, FilterBand, double, WindowType, double, bool)"/>
    /// for low-pass and high-pass filters.
    /// </summary>
    /// <param name="numTaps">Filter length, at least 1 (odd for high-pass).</param>
    /// <param name="cutoff">The cutoff in the units of <paramref name="sampleRate"/>, in (0, sampleRate/2).</param>
    /// <param name="band"><see cref="FilterBand.LowPass"/> or <see cref="FilterBand.HighPass"/>.</param>
    /// <param name="sampleRate">Sampling rate (default 2.0: Nyquist-normalised).</param>
    /// <param name="window">The window (default Hamming).</param>
    /// <param name="windowParameter">Kaiser β or Tukey α; NaN for none.</param>
    /// <param name="scale">Normalise the passband gain to 1 (scipy's default).</param>
    /// <returns>The <paramref name="numTaps"/> coefficients.</returns>
    public static double[] Firwin(int numTaps, double cutoff, FilterBand band, double sampleRate = 2.0,
        WindowType window = WindowType.Hamming, double windowParameter = double.NaN, bool scale = true)
    {
        ReadOnlySpan<double> c = [cutoff];
        return Firwin(numTaps, c, band, sampleRate, window, windowParameter, scale);
    }

    /// <summary>
    /// Kaiser-window design as scipy's <c>firwin(numTaps, cutoff, width=width, ...)</c>: the window is Kaiser with
    /// β = <see cref="KaiserBeta"/>(<see cref="KaiserAttenuation"/>(numTaps, width / (sampleRate/2))).
    /// </summary>
    /// <param name="numTaps">Filter length, at least 1.</param>
    /// <param name="cutoff">Band edges in the units of <paramref name="sampleRate"/> (see the main overload).</param>
    /// <param name="band">Which band passes.</param>
    /// <param name="width">Approximate transition width in the units of <paramref name="sampleRate"/>, &gt; 0.</param>
    /// <param name="sampleRate">Sampling rate (default 2.0: Nyquist-normalised).</param>
    /// <param name="scale">Normalise the passband gain to 1 (scipy's default).</param>
    /// <returns>The <paramref name="numTaps"/> coefficients.</returns>
    public static double[] FirwinKaiser(int numTaps, ReadOnlySpan<double> cutoff, FilterBand band, double width,
        double sampleRate = 2.0, bool scale = true)
    {
        ValidateSampleRate(sampleRate);
        if (!(width > 0.0) || !double.IsFinite(width))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The transition width must be positive and finite.");
        }
        var beta = KaiserBeta(KaiserAttenuation(numTaps, width / (0.5 * sampleRate)));
        return Firwin(numTaps, cutoff, band, sampleRate, WindowType.Kaiser, beta, scale);
    }

    /// <summary>
    /// Kaiser's estimate of the FIR length and window β for a given ripple and transition width, as
    /// <c>scipy.signal.kaiserord</c> (formula from Oppenheim &amp; Schafer, "Discrete-Time Signal Processing", 7.6).
    /// </summary>
    /// <param name="rippleDb">Largest allowed deviation of the response from the ideal, in positive dB
    /// (its absolute value is used, as scipy does); at least 8 dB, where the formula stops being valid.</param>
    /// <param name="width">Transition width normalised to Nyquist = 1, &gt; 0.</param>
    /// <returns>The number of taps ⌈(A − 7.95)/(2.285·π·width) + 1⌉ and β = <see cref="KaiserBeta"/>(A).</returns>
    /// <exception cref="ArgumentException">Ripple below 8 dB or not finite, or width not positive.</exception>
    public static (int NumTaps, double Beta) KaiserOrder(double rippleDb, double width)
    {
        var a = Math.Abs(rippleDb);
        if (!(a >= 8.0) || double.IsInfinity(a))
        {
            throw new ArgumentOutOfRangeException(nameof(rippleDb), rippleDb,
                "Requested ripple attenuation is too small for the Kaiser formula (needs |ripple| >= 8 dB) or not finite.");
        }
        if (!(width > 0.0) || double.IsInfinity(width))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The transition width must be positive and finite.");
        }
        var beta = KaiserBeta(a);
        var numTaps = ((a - 7.95) / 2.285 / (Math.PI * width)) + 1;
        var ceiling = Math.Ceiling(numTaps);
        if (ceiling > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The transition width is too small: the filter would be too long.");
        }
        return ((int)ceiling, beta);
    }

    /// <summary>
    /// The Kaiser window β for a stop-band attenuation, as <c>scipy.signal.kaiser_beta</c> (Kaiser's empirical
    /// formula, Oppenheim &amp; Schafer eq. 7.62).
    /// </summary>
    /// <param name="attenuationDb">Attenuation in positive dB.</param>
    /// <returns>0.1102(a − 8.7) above 50 dB; 0.5842(a − 21)^0.4 + 0.07886(a − 21) above 21 dB; else 0.</returns>
    public static double KaiserBeta(double attenuationDb)
    {
        var a = attenuationDb;
        if (a > 50)
        {
            return 0.1102 * (a - 8.7);
        }
        if (a > 21)
        {
            return (0.5842 * Math.Pow(a - 21, 0.4)) + (0.07886 * (a - 21));
        }
        return 0.0;
    }

    /// <summary>
    /// Attenuation in dB of a Kaiser-window FIR of the given length and transition width, as
    /// <c>scipy.signal.kaiser_atten</c>: 2.285·(numTaps − 1)·π·width + 7.95.
    /// </summary>
    /// <param name="numTaps">Filter length.</param>
    /// <param name="width">Transition width normalised to Nyquist = 1.</param>
    /// <returns>The estimated attenuation in dB.</returns>
    public static double KaiserAttenuation(int numTaps, double width) => (2.285 * (numTaps - 1) * Math.PI * width) + 7.95;

    private static void ValidateSampleRate(double sampleRate)
    {
        if (!(sampleRate > 0.0) || double.IsInfinity(sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be positive and finite.");
        }
    }

    // numpy.sinc: sin(πx)/(πx), 1 at x = 0.
    private static double Sinc(double x)
    {
        if (x == 0.0)
        {
            return 1.0;
        }
        var y = Math.PI * x;
        return Math.Sin(y) / y;
    }
}
