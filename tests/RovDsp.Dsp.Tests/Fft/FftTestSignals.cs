using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace RovDsp.Dsp.Tests.Fft;

/// <summary>Seeded test signals and error measures shared by the FFT tests.</summary>
internal static class FftTestSignals
{
    /// <summary>float32 single-precision machine epsilon (2^-23).</summary>
    public const double Eps = 1.1920928955078125e-7;

    /// <summary>Uniform values in [-1, 1) from a seeded generator.</summary>
    public static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)(2.0 * rng.NextDouble() - 1.0);
        }
        return x;
    }

    /// <summary>Euclidean norm of a complex vector in split layout, in double.</summary>
    public static double Norm(ReadOnlySpan<float> re, ReadOnlySpan<float> im)
    {
        var s = 0.0;
        for (var i = 0; i < re.Length; i++)
        {
            s += (double)re[i] * re[i] + (double)im[i] * im[i];
        }
        return Math.Sqrt(s);
    }

    /// <summary>Euclidean norm of a real vector, in double.</summary>
    public static double Norm(ReadOnlySpan<float> x)
    {
        var s = 0.0;
        foreach (var v in x)
        {
            s += (double)v * v;
        }
        return Math.Sqrt(s);
    }

    /// <summary>Largest modulus of the element-wise difference between a float result and a double reference.</summary>
    public static double MaxError(ReadOnlySpan<float> re, ReadOnlySpan<float> im, ReadOnlySpan<double> refRe, ReadOnlySpan<double> refIm)
    {
        var m = 0.0;
        for (var i = 0; i < refRe.Length; i++)
        {
            var dr = re[i] - refRe[i];
            var di = im[i] - refIm[i];
            m = Math.Max(m, Math.Sqrt(dr * dr + di * di));
        }
        return m;
    }

    /// <summary>
    /// Error bound for a float32 FFT output element: c·eps·sqrt(log2 N + 1)·‖x‖₂. The rounding error of a
    /// Cooley-Tukey FFT with exact twiddles grows like eps·sqrt(log2 N) in the RMS sense relative to ‖x‖₂
    /// (Schatzman, "Accuracy of the discrete Fourier transform and the fast Fourier transform", SIAM J. Sci.
    /// Comput. 17 (1996)); each output element has typical size ‖x‖₂, so the same scale bounds the per-element
    /// error. The constant c absorbs the max-over-N-elements factor (a few standard deviations) and, for
    /// Bluestein lengths, the three chained transforms of size M ≈ 4N.
    /// </summary>
    public static double Bound(int n, double norm, double c) => c * Eps * Math.Sqrt(Math.Log2(Math.Max(n, 2)) + 1) * norm;

    /// <summary>Naive O(N²) DFT in double with exactly reduced phases: the independent reference.</summary>
    public static (double[] Re, double[] Im) NaiveDft(ReadOnlySpan<float> re, ReadOnlySpan<float> im, int sign)
    {
        var n = re.Length;
        // Table of exp(sign·2πi e/N) for e = 0..N-1; the phase index k·t mod N is exact in integers.
        var cos = new double[n];
        var sin = new double[n];
        for (var e = 0; e < n; e++)
        {
            (sin[e], cos[e]) = Math.SinCos(sign * 2.0 * Math.PI * e / n);
        }
        var outRe = new double[n];
        var outIm = new double[n];
        for (var k = 0; k < n; k++)
        {
            double sr = 0, si = 0;
            var e = 0;
            for (var t = 0; t < n; t++)
            {
                sr += re[t] * cos[e] - im[t] * sin[e];
                si += re[t] * sin[e] + im[t] * cos[e];
                e += k;
                if (e >= n)
                {
                    e -= n;
                }
            }
            outRe[k] = sr;
            outIm[k] = si;
        }
        return (outRe, outIm);
    }

    /// <summary>MathNet.Numerics' managed FFT in float64 (unscaled forward): the independent O(N log N) oracle.</summary>
    public static (double[] Re, double[] Im) MathNetForward(ReadOnlySpan<float> re, ReadOnlySpan<float> im)
    {
        var c = new Complex[re.Length];
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = new Complex(re[i], im[i]);
        }
        Fourier.Forward(c, FourierOptions.NoScaling);
        var r = new double[c.Length];
        var m = new double[c.Length];
        for (var i = 0; i < c.Length; i++)
        {
            r[i] = c[i].Real;
            m[i] = c[i].Imaginary;
        }
        return (r, m);
    }
}
