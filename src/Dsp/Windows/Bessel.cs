namespace RovDsp.Dsp.Windows;

/// <summary>
/// Modified Bessel function of the first kind used by the Kaiser window, to double precision
/// (reference: <c>scipy.special.i0</c>).
/// </summary>
public static class Bessel
{
    // Below this argument the power series is used; above it the asymptotic (Hankel) expansion, whose smallest
    // term near k ≈ 2x is about e^(-2x) relative, i.e. below 1e-17 from x = 20 on (Abramowitz & Stegun 9.7.1).
    private const double AsymptoticThreshold = 20.0;

    /// <summary>
    /// I0(x), the zeroth-order modified Bessel function of the first kind. Even in x; finite up to about
    /// |x| = 713.98 (<c>scipy.special.i0</c> already overflows above 709.78, where e^x does).
    /// </summary>
    /// <param name="x">The argument.</param>
    /// <returns>I0(x), or NaN for NaN input.</returns>
    public static double I0(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        x = Math.Abs(x);
        if (double.IsPositiveInfinity(x))
        {
            return double.PositiveInfinity;
        }
        return x <= AsymptoticThreshold ? Series(x) : Asymptotic(x);
    }

    // I0(x) = Σ ((x/2)^2k / (k!)^2) (A&S 9.6.12). All terms are positive, so there is no cancellation; the
    // recurrence term_k = term_(k-1)·(x²/4)/k² costs about one rounding per step.
    private static double Series(double x)
    {
        var q = 0.25 * x * x;
        var sum = 1.0;
        var term = 1.0;
        for (var k = 1; k < 500; k++)
        {
            term *= q / ((double)k * k);
            var next = sum + term;
            if (next == sum)
            {
                break;
            }
            sum = next;
        }
        return sum;
    }

    // I0(x) ≈ e^x / sqrt(2πx) · Σ ((2k−1)!!)² / (k! (8x)^k) (A&S 9.7.1); all terms positive for I0. The series is
    // asymptotic, so it stops at its smallest term. e^x is split in two halves so that I0 stays finite up to
    // where it really overflows (x ≈ 713.98) instead of where e^x does (x ≈ 709.78).
    private static double Asymptotic(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var inv8x = 1.0 / (8.0 * x);
        for (var k = 1; k < 200; k++)
        {
            var odd = 2.0 * k - 1.0;
            var next = term * odd * odd * inv8x / k;
            if (next >= term || sum + next == sum)
            {
                break;
            }
            term = next;
            sum += term;
        }
        var half = Math.Exp(0.5 * x);
        return half * (sum / Math.Sqrt(2.0 * Math.PI * x)) * half;
    }
}
