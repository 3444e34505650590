using System.Numerics;

namespace RovDsp.Dsp.Design;

/// <summary>
/// Complex arithmetic rounded the way numpy 1.24 rounds it, so that the zpk pipeline reproduces scipy's poles,
/// zeros and, above all, its pole/zero pairing decisions (which compare magnitudes) bit for bit where possible.
/// <see cref="Complex"/>'s own division, magnitude and square root use other formulas and can differ by an ulp.
/// </summary>
internal static class NumpyComplex
{
    private static readonly double TwoPow500 = Math.ScaleB(1.0, 500);
    private static readonly double TwoPowMinus500 = Math.ScaleB(1.0, -500);
    private static readonly double TwoPow600 = Math.ScaleB(1.0, 600);
    private static readonly double TwoPowMinus600 = Math.ScaleB(1.0, -600);

    /// <summary>numpy's complex divide loop (Smith's method with a reciprocal scale, loops.c.src CDOUBLE_divide).</summary>
    public static Complex Divide(Complex a, Complex b)
    {
        var ar = a.Real;
        var ai = a.Imaginary;
        var br = b.Real;
        var bi = b.Imaginary;
        var brAbs = Math.Abs(br);
        var biAbs = Math.Abs(bi);
        if (brAbs >= biAbs)
        {
            if (brAbs == 0 && biAbs == 0)
            {
                return new Complex(ar / brAbs, ai / brAbs);
            }
            var rat = bi / br;
            var scl = 1.0 / (br + (bi * rat));
            return new Complex((ar + (ai * rat)) * scl, (ai - (ar * rat)) * scl);
        }
        else
        {
            var rat = br / bi;
            var scl = 1.0 / (bi + (br * rat));
            return new Complex(((ar * rat) + ai) * scl, ((ai * rat) - ar) * scl);
        }
    }

    /// <summary>Real divided by complex, as numpy does it (the real is promoted to x + 0j).</summary>
    public static Complex Divide(double a, Complex b) => Divide(new Complex(a, 0.0), b);

    /// <summary>Product (ar·br − ai·bi, ar·bi + ai·br), numpy's multiply loop (no fused multiply-add).</summary>
    public static Complex Multiply(Complex a, Complex b) =>
        new((a.Real * b.Real) - (a.Imaginary * b.Imaginary), (a.Real * b.Imaginary) + (a.Imaginary * b.Real));

    /// <summary>numpy's <c>z**2</c> (np.square): (r·r − i·i, r·i + i·r).</summary>
    public static Complex Square(Complex a) =>
        new((a.Real * a.Real) - (a.Imaginary * a.Imaginary), (a.Real * a.Imaginary) + (a.Imaginary * a.Real));

    /// <summary>
    /// numpy's array <c>np.abs</c> on AVX-512 machines (loops_arithm_fp avx512_cabsolute):
    /// larger·sqrt(fma(ratio, ratio, 1)) with ratio = smaller/larger. Pairing decisions compare these values.
    /// </summary>
    public static double Abs(Complex a)
    {
        var x = Math.Abs(a.Real);
        var y = Math.Abs(a.Imaginary);
        if (double.IsInfinity(x) || double.IsInfinity(y))
        {
            return double.PositiveInfinity;
        }
        var larger = Math.Max(x, y);
        var smaller = Math.Min(x, y);
        if (larger == 0.0)
        {
            return 0.0;
        }
        var ratio = smaller / larger;
        return Math.Sqrt(Math.FusedMultiplyAdd(ratio, ratio, 1.0)) * larger;
    }

    /// <summary>
    /// Principal square root as C99 <c>csqrt</c> (glibc, and CPython's cmath, which numpy's agrees with):
    /// r = sqrt((|z| + |re|)/2) and the other part from 2·Re·Im = im, avoiding cancellation.
    /// </summary>
    public static Complex Sqrt(Complex z)
    {
        var re = z.Real;
        var im = z.Imaginary;
        if (im == 0.0)
        {
            return re < 0.0
                ? new Complex(0.0, Math.CopySign(Math.Sqrt(-re), im))
                : new Complex(Math.Sqrt(re), Math.CopySign(0.0, im));
        }
        if (re == 0.0)
        {
            var h = Math.Sqrt(0.5 * Math.Abs(im));
            return new Complex(h, Math.CopySign(h, im));
        }
        var d = Hypot(re, im);
        double r;
        double s;
        if (re > 0.0)
        {
            r = Math.Sqrt(0.5 * (d + re));
            s = 0.5 * (im / r);
        }
        else
        {
            s = Math.Sqrt(0.5 * (d - re));
            r = Math.Abs(0.5 * (im / s));
        }
        return new Complex(r, Math.CopySign(s, im));
    }

    /// <summary>
    /// √(x² + y²) correctly rounded in practice, like libm's hypot: Borges' fused-corrected algorithm
    /// ("An Improved Algorithm for hypot(a, b)", 2019). Arguments here are far from overflow/underflow; extreme
    /// ones are rescaled by powers of two, which is exact.
    /// </summary>
    public static double Hypot(double x, double y)
    {
        x = Math.Abs(x);
        y = Math.Abs(y);
        if (double.IsInfinity(x) || double.IsInfinity(y))
        {
            return double.PositiveInfinity;
        }
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }
        if (x < y)
        {
            (x, y) = (y, x);
        }
        if (y == 0.0)
        {
            return x;
        }
        var scale = 1.0;
        if (x > TwoPow500)
        {
            scale = TwoPow600;
            x *= TwoPowMinus600;
            y *= TwoPowMinus600;
        }
        else if (y < TwoPowMinus500)
        {
            scale = TwoPowMinus600;
            x *= TwoPow600;
            y *= TwoPow600;
        }
        var h = Math.Sqrt(Math.FusedMultiplyAdd(x, x, y * y));
        var hSquare = h * h;
        var xSquare = x * x;
        var ySquare = y * y;
        var e = -Math.FusedMultiplyAdd(h, h, -hSquare) + Math.FusedMultiplyAdd(x, x, -xSquare) +
                Math.FusedMultiplyAdd(y, y, -ySquare) + (xSquare - hSquare) + ySquare;
        return (h + (e / (2.0 * h))) * scale;
    }
}
