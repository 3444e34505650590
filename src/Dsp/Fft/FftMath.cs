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

    /// <summary>
    /// Smallest M ≥ <paramref name="n"/> of the form 2^a·3^b·5^c with a ≥ 4: Bluestein's convolution length. The
    /// next power of two can be nearly twice as long (4099 needs M ≥ 8197: 16384 against 8640 = 2^6·3^3·5);
    /// a ≥ 4 makes the stride 16 before the radix-3/5 stages, so they run on the strided vector kernels at every
    /// width, as the power-of-two stages do.
    /// </summary>
    public static int NextSmoothLength(int n)
    {
        long best = 16;
        while (best < n)
        {
            best <<= 1;
        }
        for (long p5 = 16; p5 < best; p5 *= 5)
        {
            for (var p3 = p5; p3 < best; p3 *= 3)
            {
                var m = p3;
                while (m < n)
                {
                    m <<= 1;
                }
                best = Math.Min(best, m);
            }
        }
        return (int)best;
    }

    /// <summary>
    /// In-place unscaled forward DFT in double for a length whose prime factors are 2, 3 and 5 (powers of two go
    /// to <see cref="ForwardPow2"/>): recursive decimation in time, X_k = Σ_r w_n^{rk}·DFT_{n/p}(x_{r::p})_{k mod n/p},
    /// every root exact from <see cref="Root"/>. Plan construction only (Bluestein's kernel on a smooth length).
    /// </summary>
    public static void ForwardSmooth(double[] re, double[] im)
    {
        if (IsPowerOfTwo(re.Length))
        {
            ForwardPow2(re, im);
            return;
        }
        var roots = new Dictionary<int, (double[] Re, double[] Im)>();
        var (yr, yi) = Recurse(re, im, roots);
        yr.CopyTo(re, 0);
        yi.CopyTo(im, 0);
    }

    private static (double[] Re, double[] Im) Recurse(double[] xr, double[] xi, Dictionary<int, (double[] Re, double[] Im)> roots)
    {
        var n = xr.Length;
        if (n == 1)
        {
            return (xr, xi);
        }
        var p = n % 2 == 0 ? 2 : n % 3 == 0 ? 3 : n % 5 == 0 ? 5 : throw new ArgumentException($"{n} is not 2·3·5-smooth", nameof(xr));
        var m = n / p;
        var subs = new (double[] Re, double[] Im)[p];
        for (var r = 0; r < p; r++)
        {
            var sr = new double[m];
            var si = new double[m];
            for (var j = 0; j < m; j++)
            {
                sr[j] = xr[j * p + r];
                si[j] = xi[j * p + r];
            }
            subs[r] = Recurse(sr, si, roots);
        }
        if (!roots.TryGetValue(n, out var w))
        {
            w = (new double[n], new double[n]);
            for (var e = 0; e < n; e++)
            {
                (w.Re[e], w.Im[e]) = Root(n, e);
            }
            roots[n] = w;
        }
        var yr = new double[n];
        var yi = new double[n];
        for (var k = 0; k < n; k++)
        {
            double ar = 0, ai = 0;
            var km = k % m;
            for (var r = 0; r < p; r++)
            {
                var e = (int)((long)r * k % n);
                double wr = w.Re[e], wi = w.Im[e], br = subs[r].Re[km], bi = subs[r].Im[km];
                ar += br * wr - bi * wi;
                ai += br * wi + bi * wr;
            }
            yr[k] = ar;
            yi[k] = ai;
        }
        return (yr, yi);
    }
}
