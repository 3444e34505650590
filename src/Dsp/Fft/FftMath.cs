namespace RovDsp.Dsp.Fft;

/// <summary>Exact roots of unity and a double-precision reference FFT used only while building plans.</summary>
internal static class FftMath
{
    /// <summary>
    /// exp(-2πi·e/n), computed in double from the reduced exponent (e mod n) so no error accumulates across
    /// indices, as recurrences would; symmetric reductions keep the argument in [0, π/4] for sin/cos accuracy.
    /// </summary>
    public static (double Re, double Im) Root(long n, long e)
    {
        e %= n;
        if (e < 0)
        {
            e += n;
        }
        // Use exact octant symmetries: angle θ = 2π e / n. Work with 8e vs n to find the octant exactly.
        var e8 = 8 * e;
        double c;
        double s;
        if (e8 <= n)
        {
            var t = 2.0 * Math.PI * e / n;
            (s, c) = Math.SinCos(t);
        }
        else if (e8 <= 2 * n)
        {
            var t = 2.0 * Math.PI * (n - 4 * e) / (4.0 * n); // π/2 - θ
            (c, s) = Math.SinCos(t);
        }
        else if (e8 <= 4 * n)
        {
            // θ in (π/4, π]: use π - θ
            var t = 2.0 * Math.PI * (n - 2 * e) / (2.0 * n);
            var (sv, cv) = Math.SinCos(t);
            s = sv;
            c = -cv;
        }
        else
        {
            // θ in (π, 2π): cos(θ) = cos(2π-θ), sin(θ) = -sin(2π-θ)
            var (re, im) = Root(n, n - e);
            return (re, -im);
        }
        return (c, -s);
    }

    /// <summary>True when n is a power of two (n ≥ 1).</summary>
    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    /// <summary>
    /// In-place unscaled forward DFT in double for a power-of-two length (iterative radix-2, bit reversal
    /// first). Only used at plan construction (Bluestein's kernel), where accuracy matters more than speed.
    /// </summary>
    public static void ForwardPow2(double[] re, double[] im)
    {
        var n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        for (var len = 2; len <= n; len <<= 1)
        {
            var half = len >> 1;
            for (var k = 0; k < half; k++)
            {
                var (wr, wi) = Root(len, k);
                for (var i = k; i < n; i += len)
                {
                    var j = i + half;
                    var tr = re[j] * wr - im[j] * wi;
                    var ti = re[j] * wi + im[j] * wr;
                    re[j] = re[i] - tr;
                    im[j] = im[i] - ti;
                    re[i] += tr;
                    im[i] += ti;
                }
            }
        }
    }
}
