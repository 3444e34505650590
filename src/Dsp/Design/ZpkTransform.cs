using System.Numerics;

namespace RovDsp.Dsp.Design;

/// <summary>
/// Frequency transformations of an analog zpk prototype and the bilinear transform, as scipy.signal's
/// <c>lp2lp_zpk</c>, <c>lp2hp_zpk</c>, <c>lp2bp_zpk</c>, <c>lp2bs_zpk</c> and <c>bilinear_zpk</c>, keeping their
/// element order and operation order.
/// </summary>
internal static class ZpkTransform
{
    /// <summary>Low-pass to low-pass with cutoff <paramref name="wo"/>: scale every root by wo; k·wo^degree.</summary>
    public static Zpk LowPassToLowPass(Zpk f, double wo)
    {
        var degree = RelativeDegree(f);
        var scale = new Complex(wo, 0.0);
        var z = new Complex[f.Zeros.Length];
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = NumpyComplex.Multiply(scale, f.Zeros[i]);
        }
        var p = new Complex[f.Poles.Length];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = NumpyComplex.Multiply(scale, f.Poles[i]);
        }
        return new Zpk(z, p, f.Gain * Math.Pow(wo, degree));
    }

    /// <summary>Low-pass to high-pass: invert the roots about wo; zeros at infinity move to the origin.</summary>
    public static Zpk LowPassToHighPass(Zpk f, double wo)
    {
        var degree = RelativeDegree(f);
        var z = new Complex[f.Zeros.Length + degree];
        for (var i = 0; i < f.Zeros.Length; i++)
        {
            z[i] = NumpyComplex.Divide(wo, f.Zeros[i]);
        }
        var p = new Complex[f.Poles.Length];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = NumpyComplex.Divide(wo, f.Poles[i]);
        }
        return new Zpk(z, p, f.Gain * NumpyComplex.Divide(ProductOfNegated(f.Zeros), ProductOfNegated(f.Poles)).Real);
    }

    /// <summary>
    /// Low-pass to band-pass centred on <paramref name="wo"/> with bandwidth <paramref name="bw"/>: each root r
    /// becomes r·bw/2 ± sqrt((r·bw/2)² − wo²) (all "+" roots first, then all "−"); degree zeros go to the origin.
    /// </summary>
    public static Zpk LowPassToBandPass(Zpk f, double wo, double bw)
    {
        var degree = RelativeDegree(f);
        var z = new Complex[(2 * f.Zeros.Length) + degree];
        Duplicate(f.Zeros, z, wo, r => NumpyComplex.Divide(NumpyComplex.Multiply(r, new Complex(bw, 0.0)), new Complex(2.0, 0.0)));
        var p = new Complex[2 * f.Poles.Length];
        Duplicate(f.Poles, p, wo, r => NumpyComplex.Divide(NumpyComplex.Multiply(r, new Complex(bw, 0.0)), new Complex(2.0, 0.0)));
        return new Zpk(z, p, f.Gain * Math.Pow(bw, degree));
    }

    /// <summary>
    /// Low-pass to band-stop centred on <paramref name="wo"/> with bandwidth <paramref name="bw"/>: each root r
    /// becomes (bw/2)/r ± sqrt(((bw/2)/r)² − wo²); zeros at infinity move to ±i·wo (degree of each, +i first).
    /// </summary>
    public static Zpk LowPassToBandStop(Zpk f, double wo, double bw)
    {
        var degree = RelativeDegree(f);
        var half = bw / 2;
        var z = new Complex[(2 * f.Zeros.Length) + (2 * degree)];
        Duplicate(f.Zeros, z, wo, r => NumpyComplex.Divide(half, r));
        for (var i = 0; i < degree; i++)
        {
            z[(2 * f.Zeros.Length) + i] = new Complex(0.0, wo);
            z[(2 * f.Zeros.Length) + degree + i] = new Complex(0.0, -wo);
        }
        var p = new Complex[2 * f.Poles.Length];
        Duplicate(f.Poles, p, wo, r => NumpyComplex.Divide(half, r));
        return new Zpk(z, p, f.Gain * NumpyComplex.Divide(ProductOfNegated(f.Zeros), ProductOfNegated(f.Poles)).Real);
    }

    /// <summary>
    /// Bilinear transform with sample rate <paramref name="fs"/>: r → (2fs + r)/(2fs − r); zeros at infinity go
    /// to z = −1; k·Re(Π(2fs − z)/Π(2fs − p)).
    /// </summary>
    public static Zpk Bilinear(Zpk f, double fs)
    {
        var degree = RelativeDegree(f);
        var fs2 = 2.0 * fs;
        var z = new Complex[f.Zeros.Length + degree];
        var numerator = Complex.One;
        for (var i = 0; i < f.Zeros.Length; i++)
        {
            var r = f.Zeros[i];
            var minus = new Complex(fs2 - r.Real, 0.0 - r.Imaginary);
            z[i] = NumpyComplex.Divide(new Complex(fs2 + r.Real, 0.0 + r.Imaginary), minus);
            numerator = i == 0 ? minus : NumpyComplex.Multiply(numerator, minus);
        }
        for (var i = 0; i < degree; i++)
        {
            z[f.Zeros.Length + i] = new Complex(-1.0, 0.0);
        }
        var p = new Complex[f.Poles.Length];
        var denominator = Complex.One;
        for (var i = 0; i < p.Length; i++)
        {
            var r = f.Poles[i];
            var minus = new Complex(fs2 - r.Real, 0.0 - r.Imaginary);
            p[i] = NumpyComplex.Divide(new Complex(fs2 + r.Real, 0.0 + r.Imaginary), minus);
            denominator = i == 0 ? minus : NumpyComplex.Multiply(denominator, minus);
        }
        return new Zpk(z, p, f.Gain * NumpyComplex.Divide(numerator, denominator).Real);
    }

    private static int RelativeDegree(Zpk f)
    {
        var degree = f.Poles.Length - f.Zeros.Length;
        if (degree < 0)
        {
            throw new InvalidOperationException("Improper transfer function: fewer poles than zeros.");
        }
        return degree;
    }

    // np.prod(-x): sequential complex product; 1 for an empty array.
    private static Complex ProductOfNegated(Complex[] x)
    {
        var product = Complex.One;
        for (var i = 0; i < x.Length; i++)
        {
            product = i == 0 ? -x[i] : NumpyComplex.Multiply(product, -x[i]);
        }
        return product;
    }

    // concatenate((s + sqrt(s² − wo²), s − sqrt(s² − wo²))) with s = scale(root), written to the front of dst.
    private static void Duplicate(Complex[] roots, Complex[] dst, double wo, Func<Complex, Complex> scale)
    {
        var wo2 = wo * wo;
        for (var i = 0; i < roots.Length; i++)
        {
            var s = scale(roots[i]);
            var sq = NumpyComplex.Square(s);
            var root = NumpyComplex.Sqrt(new Complex(sq.Real - wo2, sq.Imaginary - 0.0));
            dst[i] = new Complex(s.Real + root.Real, s.Imaginary + root.Imaginary);
            dst[roots.Length + i] = new Complex(s.Real - root.Real, s.Imaginary - root.Imaginary);
        }
    }
}
