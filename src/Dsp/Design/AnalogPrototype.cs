using System.Numerics;

namespace RovDsp.Dsp.Design;

/// <summary>
/// Analog low-pass prototypes with cutoff 1 rad/s, as <c>scipy.signal.buttap</c> and <c>cheb1ap</c> build them.
/// </summary>
internal static class AnalogPrototype
{
    /// <summary>Butterworth: no zeros, poles −exp(iπm/(2N)) for m = −N+1, −N+3, …, N−1; gain 1.</summary>
    public static Zpk Butterworth(int order)
    {
        var poles = new Complex[order];
        for (var i = 0; i < order; i++)
        {
            var m = (double)(-order + 1 + (2 * i));
            // scipy: 1j*pi*m/(2*N); numpy divides the complex by 2N with its reciprocal-scale division, so the
            // angle is (π·m)·(1/(2N)), which is not always the same double as (π·m)/(2N).
            var angle = NumpyComplex.Divide(new Complex(0.0, Math.PI * m), new Complex(2.0 * order, 0.0)).Imaginary;
            // m = 0 gives exactly −1 (scipy keeps the middle pole exactly real).
            poles[i] = new Complex(-Math.Cos(angle), -Math.Sin(angle));
        }
        return new Zpk([], poles, 1.0);
    }

    /// <summary>
    /// Chebyshev type I with <paramref name="rippleDb"/> dB passband ripple: poles −sinh(μ + iθ) on an ellipse,
    /// μ = asinh(1/ε)/N, ε = sqrt(10^(rp/10) − 1), θ = πm/(2N); gain Π(−p), divided by sqrt(1 + ε²) for even N so
    /// that the DC gain is −rp dB (scipy.signal.cheb1ap).
    /// </summary>
    public static Zpk ChebyshevI(int order, double rippleDb)
    {
        var eps = Math.Sqrt(Math.Pow(10.0, 0.1 * rippleDb) - 1.0);
        var mu = 1.0 / order * Math.Asinh(1.0 / eps);
        var poles = new Complex[order];
        var product = Complex.One;
        for (var i = 0; i < order; i++)
        {
            var m = (double)(-order + 1 + (2 * i));
            var theta = Math.PI * m / (2 * order);
            // csinh(x + iy) = sinh x·cos y + i·cosh x·sin y (C99 csinh, which numpy uses).
            var p = new Complex(-(Math.Sinh(mu) * Math.Cos(theta)), -(Math.Cosh(mu) * Math.Sin(theta)));
            poles[i] = p;
            product = i == 0 ? -p : NumpyComplex.Multiply(product, -p);
        }
        var k = product.Real;
        if (order % 2 == 0)
        {
            k /= Math.Sqrt(1 + (eps * eps));
        }
        return new Zpk([], poles, k);
    }
}
