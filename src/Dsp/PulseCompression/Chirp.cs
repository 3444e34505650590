using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.PulseCompression;

/// <summary>
/// Swept-frequency (chirp) waveforms for sonar pings and matched-filter replicas, with the semantics of
/// <c>scipy.signal.chirp(t, f0, t1, f1, method, phi, vertex_zero)</c>: the output is cos(phase(t) + phi) with phi
/// in degrees and phase(t) = 2π∫f(τ)dτ from 0 to t. <see cref="GenerateComplex"/> gives the complex baseband
/// version exp(j·(phase(t) + phi)), whose real part equals <see cref="Generate"/>. Design code: double precision,
/// returns new arrays.
/// </summary>
public static class Chirp
{
    /// <summary>Sample instants t[n] = n / <paramref name="sampleRate"/> for n = 0..length-1.</summary>
    /// <param name="length">Number of samples (≥ 0).</param>
    /// <param name="sampleRate">Sample rate in Hz (&gt; 0).</param>
    public static double[] SampleTimes(int length, double sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!(sampleRate > 0) || double.IsInfinity(sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be positive and finite.");
        }
        var t = new double[length];
        for (var n = 0; n < length; n++)
        {
            // n / fs rather than n * (1 / fs): this is exactly numpy's arange(n) / fs.
            t[n] = n / sampleRate;
        }
        return t;
    }

    /// <summary>
    /// The instantaneous phase in radians (without <c>phi</c>) at times <paramref name="t"/>, as scipy's
    /// <c>_chirp_phase</c>.
    /// </summary>
    /// <param name="t">Times in seconds.</param>
    /// <param name="f0">Frequency at t = 0 in Hz.</param>
    /// <param name="t1">Time at which <paramref name="f1"/> is reached, in seconds (non-zero, finite).</param>
    /// <param name="f1">Frequency at t = <paramref name="t1"/> in Hz.</param>
    /// <param name="method">Frequency law.</param>
    /// <param name="vertexZero">Quadratic law only: true puts the parabola's vertex at t = 0, false at t = t1.</param>
    public static double[] Phase(ReadOnlySpan<double> t, double f0, double t1, double f1,
        ChirpMethod method = ChirpMethod.Linear, bool vertexZero = true)
    {
        Validate(f0, t1, f1, method);
        var phase = new double[t.Length];
        const double TwoPi = 2 * Math.PI;
        switch (method)
        {
            case ChirpMethod.Linear:
            {
                // f(t) = f0 + beta t  ->  phase = 2π (f0 t + beta t²/2)
                var beta = (f1 - f0) / t1;
                for (var i = 0; i < t.Length; i++)
                {
                    var ti = t[i];
                    phase[i] = TwoPi * (f0 * ti + 0.5 * beta * ti * ti);
                }
                break;
            }
            case ChirpMethod.Quadratic:
            {
                var beta = (f1 - f0) / (t1 * t1);
                for (var i = 0; i < t.Length; i++)
                {
                    var ti = t[i];
                    if (vertexZero)
                    {
                        // f(t) = f0 + beta t²
                        phase[i] = TwoPi * (f0 * ti + beta * ti * ti * ti / 3);
                    }
                    else
                    {
                        // f(t) = f1 + beta (t1 - t)²
                        var d = t1 - ti;
                        phase[i] = TwoPi * (f1 * ti + beta * (d * d * d - t1 * t1 * t1) / 3);
                    }
                }
                break;
            }
            case ChirpMethod.Logarithmic:
            {
                if (f0 == f1)
                {
                    FillConstant(t, f0, phase);
                    break;
                }
                // f(t) = f0 (f1/f0)^(t/t1)  ->  phase = 2π beta f0 ((f1/f0)^(t/t1) - 1), beta = t1 / ln(f1/f0)
                var ratio = f1 / f0;
                var beta = t1 / Math.Log(ratio);
                for (var i = 0; i < t.Length; i++)
                {
                    phase[i] = TwoPi * beta * f0 * (Math.Pow(ratio, t[i] / t1) - 1.0);
                }
                break;
            }
            case ChirpMethod.Hyperbolic:
            {
                if (f0 == f1)
                {
                    FillConstant(t, f0, phase);
                    break;
                }
                // Singular time where the instantaneous frequency diverges; phase = 2π (-sing f0) ln|1 - t/sing|.
                var sing = -f1 * t1 / (f0 - f1);
                for (var i = 0; i < t.Length; i++)
                {
                    phase[i] = TwoPi * (-sing * f0) * Math.Log(Math.Abs(1 - t[i] / sing));
                }
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown chirp method.");
        }
        return phase;
    }

    /// <summary>
    /// The real chirp cos(phase(t) + phi·π/180), as <c>scipy.signal.chirp</c>.
    /// </summary>
    /// <param name="t">Times in seconds.</param>
    /// <param name="f0">Frequency at t = 0 in Hz.</param>
    /// <param name="t1">Time at which <paramref name="f1"/> is reached, in seconds (non-zero, finite).</param>
    /// <param name="f1">Frequency at t = <paramref name="t1"/> in Hz.</param>
    /// <param name="method">Frequency law.</param>
    /// <param name="phi">Phase offset in degrees.</param>
    /// <param name="vertexZero">Quadratic law only: true puts the parabola's vertex at t = 0, false at t = t1.</param>
    public static double[] Generate(ReadOnlySpan<double> t, double f0, double t1, double f1,
        ChirpMethod method = ChirpMethod.Linear, double phi = 0.0, bool vertexZero = true)
    {
        var phase = Phase(t, f0, t1, f1, method, vertexZero);
        var offset = phi * Math.PI / 180.0;
        for (var i = 0; i < phase.Length; i++)
        {
            phase[i] = Math.Cos(phase[i] + offset);
        }
        return phase;
    }

    /// <summary>
    /// The complex baseband chirp exp(j·(phase(t) + phi·π/180)) in split layout, the replica for complex matched
    /// filtering (for example an LFM sweeping -B/2..B/2 around the carrier). Its real part is
    /// <see cref="Generate"/>; its imaginary part is scipy's chirp with phi - 90°.
    /// </summary>
    /// <param name="t">Times in seconds.</param>
    /// <param name="f0">Frequency at t = 0 in Hz (may be negative at baseband).</param>
    /// <param name="t1">Time at which <paramref name="f1"/> is reached, in seconds (non-zero, finite).</param>
    /// <param name="f1">Frequency at t = <paramref name="t1"/> in Hz.</param>
    /// <param name="method">Frequency law.</param>
    /// <param name="phi">Phase offset in degrees.</param>
    /// <param name="vertexZero">Quadratic law only: true puts the parabola's vertex at t = 0, false at t = t1.</param>
    /// <returns>Real and imaginary parts, each as long as <paramref name="t"/>.</returns>
    public static (double[] Re, double[] Im) GenerateComplex(ReadOnlySpan<double> t, double f0, double t1, double f1,
        ChirpMethod method = ChirpMethod.Linear, double phi = 0.0, bool vertexZero = true)
    {
        var phase = Phase(t, f0, t1, f1, method, vertexZero);
        var offset = phi * Math.PI / 180.0;
        var re = new double[phase.Length];
        var im = new double[phase.Length];
        for (var i = 0; i < phase.Length; i++)
        {
            (im[i], re[i]) = Math.SinCos(phase[i] + offset);
        }
        return (re, im);
    }

    /// <summary>
    /// Multiplies <paramref name="signal"/> element-wise by an amplitude taper (for example a Tukey window from
    /// <c>RovDsp.Dsp.Windows.Window.Create</c> with periodic = false) to lower the range sidelobes of the
    /// compressed pulse.
    /// </summary>
    /// <param name="signal">Samples, tapered in place.</param>
    /// <param name="taper">Window of the same length.</param>
    public static void ApplyTaper(Span<double> signal, ReadOnlySpan<double> taper)
    {
        if (taper.Length != signal.Length)
        {
            throw new ArgumentException($"The taper has {taper.Length} samples, the signal {signal.Length}.", nameof(taper));
        }
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] *= taper[i];
        }
    }

    /// <summary>
    /// Multiplies <paramref name="signal"/> by the symmetric window <paramref name="type"/> of its own length
    /// (<c>Window.Create(type, signal.Length, periodic: false, parameter)</c>, scipy <c>get_window(..., fftbins=False)</c>).
    /// </summary>
    /// <param name="signal">Samples, tapered in place.</param>
    /// <param name="type">Taper shape, typically <see cref="WindowType.Tukey"/> for sonar pings.</param>
    /// <param name="parameter">Tukey α or Kaiser β; NaN for windows without a parameter.</param>
    public static void ApplyTaper(Span<double> signal, WindowType type, double parameter = double.NaN) =>
        ApplyTaper(signal, Window.Create(type, signal.Length, periodic: false, parameter));

    private static void FillConstant(ReadOnlySpan<double> t, double f, Span<double> phase)
    {
        for (var i = 0; i < t.Length; i++)
        {
            phase[i] = 2 * Math.PI * f * t[i];
        }
    }

    private static void Validate(double f0, double t1, double f1, ChirpMethod method)
    {
        if (!double.IsFinite(f0))
        {
            throw new ArgumentOutOfRangeException(nameof(f0), f0, "f0 must be finite.");
        }
        if (!double.IsFinite(f1))
        {
            throw new ArgumentOutOfRangeException(nameof(f1), f1, "f1 must be finite.");
        }
        if (t1 == 0 || !double.IsFinite(t1))
        {
            throw new ArgumentOutOfRangeException(nameof(t1), t1, "t1 must be non-zero and finite.");
        }
        if (method == ChirpMethod.Logarithmic && !(f0 * f1 > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(f0), f0,
                "For a logarithmic chirp, f0 and f1 must be non-zero and have the same sign.");
        }
        if (method == ChirpMethod.Hyperbolic && (f0 == 0 || f1 == 0))
        {
            throw new ArgumentOutOfRangeException(nameof(f0), f0, "For a hyperbolic chirp, f0 and f1 must be non-zero.");
        }
    }
}
