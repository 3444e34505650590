namespace RovDsp.Dsp.PulseCompression;

/// <summary>Frequency law of a swept-frequency cosine, as the <c>method</c> argument of <c>scipy.signal.chirp</c>.</summary>
public enum ChirpMethod
{
    /// <summary>f(t) = f0 + (f1 - f0)·t/t1 (linear FM, LFM).</summary>
    Linear,

    /// <summary>f(t) = f0 + (f1 - f0)·t²/t1² (vertex at t = 0), or the mirrored parabola with its vertex at t1.</summary>
    Quadratic,

    /// <summary>f(t) = f0·(f1/f0)^(t/t1) (exponential sweep); f0 and f1 must be non-zero with the same sign.</summary>
    Logarithmic,

    /// <summary>f(t) = f0·f1·t1 / ((f0 - f1)·t + f1·t1); f0 and f1 must be non-zero.</summary>
    Hyperbolic,
}
