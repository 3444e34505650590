using System.Numerics;

namespace RovDsp.Dsp.Design;

/// <summary>
/// Digital zpk to second-order sections with <c>scipy.signal.zpk2sos(z, p, k, pairing='nearest')</c>'s pairing,
/// section order (the pole closest to the unit circle goes last) and gain placement (all in the first section).
/// </summary>
internal static class SosConversion
{
    // scipy _cplxreal's default tolerance: 100·eps(float64).
    private const double Tolerance = 100 * 2.220446049250313e-16;

    /// <summary>Rows of b0 b1 b2 a0 a1 a2, flattened, as <c>zpk2sos(..., pairing='nearest')</c>.</summary>
    public static double[] ZpkToSos(Zpk f)
    {
        var zIn = f.Zeros;
        var pIn = f.Poles;
        if (zIn.Length == 0 && pIn.Length == 0)
        {
            return [f.Gain, 0.0, 0.0, 1.0, 0.0, 0.0];
        }

        // Pad to equal counts with roots at the origin, and to an even count for 'nearest' pairing.
        var count = Math.Max(zIn.Length, pIn.Length);
        var sections = (count + 1) / 2;
        var padded = count % 2 == 1 ? count + 1 : count;
        var zPadded = new Complex[padded];
        var pPadded = new Complex[padded];
        zIn.CopyTo(zPadded, 0);
        pIn.CopyTo(pPadded, 0);

        // One of each conjugate pair (positive imaginary part) first, then the real roots.
        var z = ConjugatePairsThenReals(zPadded);
        var p = ConjugatePairsThenReals(pPadded);

        var sos = new double[sections * 6];
        for (var si = sections - 1; si >= 0; si--)
        {
            // The "worst" remaining pole (closest to the unit circle) goes into the latest remaining section.
            var p1Index = IndexOfWorst(p, null);
            var p1 = p[p1Index];
            p.RemoveAt(p1Index);
            var row = sos.AsSpan(si * 6, 6);

            if (IsReal(p1) && CountReal(p) == 0)
            {
                // Special case 1: the last remaining real pole, paired with the nearest real zero (both padded with
                // a root at the origin to make a second-order row).
                var z1 = TakeNearest(z, p1, Which.Real);
                SingleSection(row, [z1, Complex.Zero], [p1, Complex.Zero]);
            }
            else if (p.Count + 1 == z.Count && !IsReal(p1) && CountReal(p) == 1 && CountReal(z) == 1)
            {
                // Special case 2: one real pole and one real zero left with equal counts: a complex pole must take a
                // complex zero so the real ones can pair up.
                var z1 = TakeNearest(z, p1, Which.Complex);
                SingleSection(row, [z1, Complex.Conjugate(z1)], [p1, Complex.Conjugate(p1)]);
            }
            else
            {
                Complex p2;
                if (IsReal(p1))
                {
                    var p2Index = IndexOfWorst(p, IsReal);
                    p2 = p[p2Index];
                    p.RemoveAt(p2Index);
                }
                else
                {
                    p2 = Complex.Conjugate(p1);
                }

                if (z.Count > 0)
                {
                    var z1 = TakeNearest(z, p1, Which.Any);
                    if (!IsReal(z1))
                    {
                        SingleSection(row, [z1, Complex.Conjugate(z1)], [p1, p2]);
                    }
                    else if (z.Count > 0)
                    {
                        var z2 = TakeNearest(z, p1, Which.Real);
                        SingleSection(row, [z1, z2], [p1, p2]);
                    }
                    else
                    {
                        SingleSection(row, [z1], [p1, p2]);
                    }
                }
                else
                {
                    SingleSection(row, [], [p1, p2]);
                }
            }
        }

        // scipy puts the overall gain into the first section's numerator.
        for (var i = 0; i < 3; i++)
        {
            sos[i] *= f.Gain;
        }
        return sos;
    }

    private enum Which
    {
        Any,
        Real,
        Complex,
    }

    // np.isreal: the imaginary part is exactly zero.
    private static bool IsReal(Complex x) => x.Imaginary == 0.0;

    private static int CountReal(List<Complex> x)
    {
        var n = 0;
        foreach (var v in x)
        {
            if (IsReal(v))
            {
                n++;
            }
        }
        return n;
    }

    // zpk2sos's idx_worst for digital filters: argmin |1 − |p|| (first on ties, as np.argmin), optionally only over
    // the elements matching the filter.
    private static int IndexOfWorst(List<Complex> p, Func<Complex, bool>? filter)
    {
        var best = -1;
        var bestValue = double.PositiveInfinity;
        for (var i = 0; i < p.Count; i++)
        {
            if (filter != null && !filter(p[i]))
            {
                continue;
            }
            var v = Math.Abs(1.0 - NumpyComplex.Abs(p[i]));
            if (best < 0 || v < bestValue)
            {
                best = i;
                bestValue = v;
            }
        }
        if (best < 0)
        {
            throw new InvalidOperationException("zpk2sos: no pole left to pair.");
        }
        return best;
    }

    // scipy _nearest_real_complex_idx: the zero closest to `to` among those of the requested kind (the first of
    // equally close ones, as numpy's argsort on these short arrays is a stable insertion sort); removed from z.
    private static Complex TakeNearest(List<Complex> z, Complex to, Which which)
    {
        var best = -1;
        var bestDistance = double.PositiveInfinity;
        for (var i = 0; i < z.Count; i++)
        {
            var real = IsReal(z[i]);
            if ((which == Which.Real && !real) || (which == Which.Complex && real))
            {
                continue;
            }
            var d = NumpyComplex.Abs(new Complex(z[i].Real - to.Real, z[i].Imaginary - to.Imaginary));
            if (best < 0 || d < bestDistance)
            {
                best = i;
                bestDistance = d;
            }
        }
        if (best < 0)
        {
            throw new InvalidOperationException("zpk2sos: no zero of the required kind left to pair.");
        }
        var result = z[best];
        z.RemoveAt(best);
        return result;
    }

    // scipy _single_zpksos(z, p, 1): b = poly(z), a = poly(p), right-aligned into a row of 3 + 3.
    private static void SingleSection(Span<double> row, ReadOnlySpan<Complex> z, ReadOnlySpan<Complex> p)
    {
        Span<double> b = stackalloc double[3];
        Span<double> a = stackalloc double[3];
        var nb = Poly(z, b);
        var na = Poly(p, a);
        row.Clear();
        b[..nb].CopyTo(row[(3 - nb)..3]);
        a[..na].CopyTo(row[(6 - na)..6]);
    }

    // numpy.poly for up to two roots: successive convolutions with [1, −r]; the imaginary parts cancel for real or
    // conjugate roots (zpk2tf then keeps the real part).
    private static int Poly(ReadOnlySpan<Complex> roots, Span<double> c)
    {
        switch (roots.Length)
        {
            case 0:
                c[0] = 1.0;
                return 1;
            case 1:
                c[0] = 1.0;
                c[1] = -roots[0].Real;
                return 2;
            default:
                var r0 = -roots[0];
                var r1 = -roots[1];
                c[0] = 1.0;
                c[1] = r1.Real + r0.Real;
                c[2] = NumpyComplex.Multiply(r0, r1).Real;
                return 3;
        }
    }

    // scipy _cplxreal, concatenated as zpk2sos does: the complex roots with positive imaginary part (averaged with
    // their conjugates), sorted by real part and, within runs of equal real part, by |imag|; then the real roots
    // sorted by value. A root counts as real when |imag| ≤ 100·eps·|z|.
    private static List<Complex> ConjugatePairsThenReals(Complex[] input)
    {
        // np.lexsort((abs(z.imag), z.real)): stable sort by real part, then |imag|.
        var sorted = new Complex[input.Length];
        input.CopyTo(sorted, 0);
        StableSort(sorted, static (a, b) =>
        {
            var c = a.Real.CompareTo(b.Real);
            return c != 0 ? c : Math.Abs(a.Imaginary).CompareTo(Math.Abs(b.Imaginary));
        });

        var reals = new List<Complex>();
        var positive = new List<Complex>();
        var negative = new List<Complex>();
        foreach (var v in sorted)
        {
            if (Math.Abs(v.Imaginary) <= Tolerance * NumpyComplex.Abs(v))
            {
                reals.Add(new Complex(v.Real, 0.0));
            }
            else if (v.Imaginary > 0)
            {
                positive.Add(v);
            }
            else
            {
                negative.Add(v);
            }
        }
        if (positive.Count != negative.Count)
        {
            throw new InvalidOperationException("Array contains complex value with no matching conjugate.");
        }

        // Runs of (approximately) equal real part, each re-sorted by |imag| (stable), in both halves.
        var n = positive.Count;
        var start = 0;
        while (start < n)
        {
            var stop = start;
            while (stop + 1 < n && positive[stop + 1].Real - positive[stop].Real <= Tolerance * NumpyComplex.Abs(positive[stop]))
            {
                stop++;
            }
            if (stop > start)
            {
                SortRunByAbsImag(positive, start, stop - start + 1);
                SortRunByAbsImag(negative, start, stop - start + 1);
            }
            start = stop + 1;
        }

        var result = new List<Complex>(input.Length);
        for (var i = 0; i < n; i++)
        {
            var zp = positive[i];
            var zn = negative[i];
            var mismatch = NumpyComplex.Abs(new Complex(zp.Real - zn.Real, zp.Imaginary + zn.Imaginary));
            if (mismatch > Tolerance * NumpyComplex.Abs(zn))
            {
                throw new InvalidOperationException("Array contains complex value with no matching conjugate.");
            }
            // (zp + conj(zn)) / 2; halving is exact.
            result.Add(new Complex((zp.Real + zn.Real) * 0.5, (zp.Imaginary - zn.Imaginary) * 0.5));
        }
        result.AddRange(reals);
        return result;
    }

    private static void SortRunByAbsImag(List<Complex> list, int start, int length)
    {
        var run = list.GetRange(start, length).ToArray();
        StableSort(run, static (a, b) => Math.Abs(a.Imaginary).CompareTo(Math.Abs(b.Imaginary)));
        for (var i = 0; i < length; i++)
        {
            list[start + i] = run[i];
        }
    }

    // Insertion sort: stable, like numpy's lexsort (mergesort); the arrays hold at most a few dozen roots.
    private static void StableSort(Complex[] a, Comparison<Complex> compare)
    {
        for (var i = 1; i < a.Length; i++)
        {
            var v = a[i];
            var j = i - 1;
            while (j >= 0 && compare(a[j], v) > 0)
            {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }
}
