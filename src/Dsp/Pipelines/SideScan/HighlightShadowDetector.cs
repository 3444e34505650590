namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>
/// Finds objects standing on the seabed in a normalised side-scan line (background level 1): a bright return
/// (highlight) immediately followed, further out in range, by an acoustic shadow (low level). An object of height
/// h at ground range R seen from altitude a hides the seabed behind it over L = h·R/(a − h) (similar triangles;
/// P. Blondel, "The Handbook of Sidescan Sonar", Springer 2009, ch. 4 on shadows and target height), so the
/// pair, not a bright return alone, is what marks an object rather than a bright patch of sediment.
/// </summary>
/// <remarks>
/// Scanning outward, a shadow onset is a window of <c>shadowWindow</c> bins whose mean is at most
/// <c>shadowLevel</c>. Its first bin is refined to the first bin below <c>shadowEndLevel</c>; the highlight is the
/// largest 3-bin mean among the <c>highlightWindow</c> bins before it and must reach <c>highlightLevel</c>. The
/// shadow extends while the windowed mean stays below <c>shadowEndLevel</c>; its end is refined to the first bin
/// whose 3-bin mean reaches that level. Shadows shorter than <c>minShadowBins</c> are dropped. Windowed means come
/// from a prefix sum (double), so a line costs O(n). No allocation after construction.
/// </remarks>
public sealed class HighlightShadowDetector
{
    private readonly double[] _prefix;
    private readonly float[] _smooth;

    /// <summary>Creates a detector for lines of up to <paramref name="maxBins"/> bins.</summary>
    /// <param name="maxBins">Longest line, &gt;= 1.</param>
    /// <param name="highlightWindow">Bins before the shadow searched for the highlight, &gt;= 1.</param>
    /// <param name="highlightLevel">Smallest highlight level (3-bin mean), &gt; shadowEndLevel.</param>
    /// <param name="shadowWindow">Bins averaged to find a shadow onset and its end, &gt;= 1.</param>
    /// <param name="shadowLevel">Largest mean level of a shadow onset window, &gt; 0.</param>
    /// <param name="shadowEndLevel">Level at which the shadow ends, &gt;= shadowLevel.</param>
    /// <param name="minShadowBins">Shortest shadow reported, &gt;= 1.</param>
    public HighlightShadowDetector(int maxBins, int highlightWindow, float highlightLevel, int shadowWindow,
        float shadowLevel, float shadowEndLevel, int minShadowBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(highlightWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shadowWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minShadowBins, 1);
        if (!(shadowLevel > 0) || !float.IsFinite(shadowLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(shadowLevel), shadowLevel, "shadowLevel must be finite and > 0");
        }
        if (!(shadowEndLevel >= shadowLevel) || !float.IsFinite(shadowEndLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(shadowEndLevel), shadowEndLevel, "shadowEndLevel must be finite and >= shadowLevel");
        }
        if (!(highlightLevel > shadowEndLevel) || !float.IsFinite(highlightLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(highlightLevel), highlightLevel, "highlightLevel must be finite and > shadowEndLevel");
        }
        MaxBins = maxBins;
        HighlightWindow = highlightWindow;
        HighlightLevel = highlightLevel;
        ShadowWindow = shadowWindow;
        ShadowLevel = shadowLevel;
        ShadowEndLevel = shadowEndLevel;
        MinShadowBins = minShadowBins;
        _prefix = new double[maxBins + 1];
        _smooth = new float[maxBins];
    }

    /// <summary>Longest line accepted.</summary>
    public int MaxBins { get; }

    /// <summary>Bins before a shadow searched for the highlight.</summary>
    public int HighlightWindow { get; }

    /// <summary>Smallest highlight level.</summary>
    public float HighlightLevel { get; }

    /// <summary>Bins of the shadow-onset window.</summary>
    public int ShadowWindow { get; }

    /// <summary>Largest mean level of a shadow-onset window.</summary>
    public float ShadowLevel { get; }

    /// <summary>Level at which a shadow ends.</summary>
    public float ShadowEndLevel { get; }

    /// <summary>Shortest shadow reported, bins.</summary>
    public int MinShadowBins { get; }

    /// <summary>Finds highlight/shadow pairs, nearest first.</summary>
    /// <param name="line">Normalised levels (background 1), nearest bin first; at most <see cref="MaxBins"/>.</param>
    /// <param name="pairs">Receives the pairs; the search stops when it is full.</param>
    /// <returns>The number of pairs written.</returns>
    /// <exception cref="ArgumentException">The line is longer than <see cref="MaxBins"/>.</exception>
    public int Find(ReadOnlySpan<float> line, Span<HighlightShadowPair> pairs)
    {
        var n = line.Length;
        if (n > MaxBins)
        {
            throw new ArgumentException($"line has {n} bins, more than MaxBins {MaxBins}", nameof(line));
        }
        if (n == 0 || pairs.IsEmpty)
        {
            return 0;
        }
        var prefix = _prefix;
        prefix[0] = 0;
        for (var i = 0; i < n; i++)
        {
            prefix[i + 1] = prefix[i] + line[i];
        }
        var smooth = _smooth;
        for (var i = 0; i < n; i++)
        {
            var lo = Math.Max(0, i - 1);
            var hi = Math.Min(n, i + 2);
            smooth[i] = (float)((prefix[hi] - prefix[lo]) / (hi - lo));
        }

        var w = ShadowWindow;
        var count = 0;
        var k = 1;
        while (k + w <= n && count < pairs.Length)
        {
            if ((prefix[k + w] - prefix[k]) / w > ShadowLevel)
            {
                k++;
                continue;
            }
            var start = k;
            while (start < k + w - 1 && line[start] >= ShadowEndLevel)
            {
                start++; // the window's mean is at most ShadowLevel <= ShadowEndLevel, so some bin in it is low
            }
            var peak = float.NegativeInfinity;
            for (var j = Math.Max(0, start - HighlightWindow); j < start; j++)
            {
                peak = Math.Max(peak, smooth[j]);
            }
            if (peak < HighlightLevel)
            {
                k++;
                continue;
            }
            var e = start;
            while (e + w <= n && (prefix[e + w] - prefix[e]) / w < ShadowEndLevel)
            {
                e++;
            }
            int end;
            if (e + w > n)
            {
                end = n; // the shadow runs to the end of the covered range
            }
            else
            {
                end = e + w;
                for (var j = e; j < e + w; j++)
                {
                    if (smooth[j] >= ShadowEndLevel)
                    {
                        end = j;
                        break;
                    }
                }
                end = Math.Max(end, start + 1);
            }
            if (end - start >= MinShadowBins)
            {
                var level = (float)((prefix[end] - prefix[start]) / (end - start));
                pairs[count++] = new HighlightShadowPair(start, end, peak, level);
                k = end;
            }
            else
            {
                k = start + 1;
            }
        }
        return count;
    }
}
