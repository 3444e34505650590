namespace RovDsp.Dsp.Detection;

/// <summary>
/// Local-maximum peak picking, the subset of <c>scipy.signal.find_peaks</c> with <c>height</c> (minimum),
/// <c>prominence</c> (minimum) and <c>distance</c>, with scipy's semantics and order of filtering: local maxima
/// (a flat plateau counts once, at its middle index rounded down; samples at either end of the signal are never
/// peaks), then height, then distance (peaks visited from the highest down, each removing the lower neighbours
/// closer than <c>distance</c>), then prominence (computed over the whole signal, as <c>wlen=None</c>).
/// </summary>
/// <remarks>
/// Heights, prominences and their thresholds are compared in double on the float samples, so results are
/// identical to scipy run on the same float32 values converted to float64. When two peaks within
/// <c>distance</c> have exactly equal heights, scipy's order depends on numpy's unstable argsort; here the later
/// peak wins. Scratch buffers for <see cref="MaxLength"/> samples are allocated once in the constructor;
/// <see cref="Find"/> allocates nothing. Inputs must not contain NaN.
/// </remarks>
public sealed class PeakFinder
{
    private readonly int[] _candidates;
    private readonly long[] _keys;
    private readonly bool[] _keep;

    /// <summary>Creates a peak finder for signals of up to <paramref name="maxLength"/> samples.</summary>
    /// <param name="maxLength">Longest signal <see cref="Find"/> accepts, &gt;= 1.</param>
    /// <param name="height">Minimum peak height (scipy's <c>height</c> as a scalar), or null for none.</param>
    /// <param name="prominence">Minimum prominence (scipy's <c>prominence</c> as a scalar), or null for none.</param>
    /// <param name="distance">Minimum horizontal distance in samples between neighbouring peaks, &gt;= 1
    /// (1 disables the condition).</param>
    public PeakFinder(int maxLength, double? height = null, double? prominence = null, int distance = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(distance, 1);
        if (height is { } h && double.IsNaN(h))
        {
            throw new ArgumentOutOfRangeException(nameof(height), h, "height must not be NaN");
        }
        if (prominence is { } p && double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(prominence), p, "prominence must not be NaN");
        }
        MaxLength = maxLength;
        Height = height;
        Prominence = prominence;
        Distance = distance;
        var cap = MaxPeakCount(maxLength);
        _candidates = new int[cap];
        _keys = new long[cap];
        _keep = new bool[cap];
    }

    /// <summary>Longest signal accepted.</summary>
    public int MaxLength { get; }

    /// <summary>Minimum height, or null.</summary>
    public double? Height { get; }

    /// <summary>Minimum prominence, or null.</summary>
    public double? Prominence { get; }

    /// <summary>Minimum distance between peaks in samples.</summary>
    public int Distance { get; }

    /// <summary>Most local maxima a signal of <paramref name="length"/> samples can have: ⌊(length − 1)/2⌋.</summary>
    public static int MaxPeakCount(int length) => Math.Max(0, (length - 1) / 2);

    /// <summary>
    /// Finds the peaks of <paramref name="x"/>, writing their indices (ascending) and prominences.
    /// Returns the number of peaks.
    /// </summary>
    /// <param name="x">The signal, at most <see cref="MaxLength"/> samples.</param>
    /// <param name="peaks">Receives the peak indices; at least <see cref="MaxPeakCount"/>(x.Length) long.</param>
    /// <param name="prominences">Receives each peak's prominence (as <c>scipy.signal.peak_prominences</c>);
    /// at least <see cref="MaxPeakCount"/>(x.Length) long.</param>
    public int Find(ReadOnlySpan<float> x, Span<int> peaks, Span<float> prominences)
    {
        if (x.Length > MaxLength)
        {
            throw new ArgumentException($"signal has {x.Length} samples, more than MaxLength {MaxLength}", nameof(x));
        }
        var cap = MaxPeakCount(x.Length);
        if (peaks.Length < cap)
        {
            throw new ArgumentException($"peaks must hold at least {cap} indices", nameof(peaks));
        }
        if (prominences.Length < cap)
        {
            throw new ArgumentException($"prominences must hold at least {cap} values", nameof(prominences));
        }

        var cand = _candidates.AsSpan();
        var m = LocalMaxima(x, cand);

        if (Height is { } hmin)
        {
            var kept = 0;
            for (var j = 0; j < m; j++)
            {
                if (x[cand[j]] >= hmin)
                {
                    cand[kept++] = cand[j];
                }
            }
            m = kept;
        }

        if (Distance > 1 && m > 1)
        {
            m = SelectByDistance(x, cand[..m], Distance);
        }

        var count = 0;
        var pmin = Prominence;
        for (var j = 0; j < m; j++)
        {
            var prom = PeakProminence(x, cand[j]);
            if (pmin is { } pm && !(prom >= pm))
            {
                continue;
            }
            peaks[count] = cand[j];
            prominences[count] = (float)prom;
            count++;
        }
        return count;
    }

    /// <summary>scipy's <c>_local_maxima_1d</c>: strict rise, optional plateau, strict fall; plateau midpoint
    /// rounded down.</summary>
    private static int LocalMaxima(ReadOnlySpan<float> x, Span<int> result)
    {
        var m = 0;
        var iMax = x.Length - 1;
        var i = 1;
        while (i < iMax)
        {
            if (x[i - 1] < x[i])
            {
                var ahead = i + 1;
                while (ahead < iMax && x[ahead] == x[i])
                {
                    ahead++;
                }
                if (x[ahead] < x[i])
                {
                    result[m++] = (i + ahead - 1) / 2;
                    i = ahead;
                }
            }
            i++;
        }
        return m;
    }

    /// <summary>
    /// scipy's <c>_select_by_peak_distance</c>: visit peaks by decreasing height and drop unvisited neighbours
    /// closer than <paramref name="distance"/>. The priority order comes from sorting 64-bit keys
    /// (order-preserving float bits in the high word, position in the low word), an allocation-free stable sort.
    /// Compacts the kept peaks to the front and returns their number.
    /// </summary>
    private int SelectByDistance(ReadOnlySpan<float> x, Span<int> cand, int distance)
    {
        var m = cand.Length;
        var keys = _keys.AsSpan(0, m);
        var keep = _keep.AsSpan(0, m);
        for (var j = 0; j < m; j++)
        {
            var bits = BitConverter.SingleToInt32Bits(x[cand[j]]);
            // Flip the magnitude bits of negatives so that signed integer order equals float order.
            if (bits < 0)
            {
                bits ^= 0x7FFFFFFF;
            }
            keys[j] = ((long)bits << 32) | (uint)j;
            keep[j] = true;
        }
        keys.Sort();
        for (var i = m - 1; i >= 0; i--)
        {
            var j = (int)(keys[i] & 0xFFFFFFFF);
            if (!keep[j])
            {
                continue;
            }
            for (var k = j - 1; k >= 0 && cand[j] - cand[k] < distance; k--)
            {
                keep[k] = false;
            }
            for (var k = j + 1; k < m && cand[k] - cand[j] < distance; k++)
            {
                keep[k] = false;
            }
        }
        var kept = 0;
        for (var j = 0; j < m; j++)
        {
            if (keep[j])
            {
                cand[kept++] = cand[j];
            }
        }
        return kept;
    }

    /// <summary>scipy's <c>_peak_prominences</c> with the whole signal as window: peak height minus the higher of
    /// the lowest points reached on each side before meeting a higher sample or the signal's end.</summary>
    private static double PeakProminence(ReadOnlySpan<float> x, int peak)
    {
        var top = x[peak];
        var leftMin = top;
        for (var i = peak; i >= 0 && x[i] <= top; i--)
        {
            if (x[i] < leftMin)
            {
                leftMin = x[i];
            }
        }
        var rightMin = top;
        for (var i = peak; i < x.Length && x[i] <= top; i++)
        {
            if (x[i] < rightMin)
            {
                rightMin = x[i];
            }
        }
        return (double)top - Math.Max(leftMin, rightMin);
    }
}
