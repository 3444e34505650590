namespace RovDsp.Replay.Simulation;

/// <summary>
/// A riser clog staged in the dive: solids start to settle at <see cref="OnsetS"/> (the truth a clog warning
/// is judged against), the restriction grows until <see cref="PeakS"/>, and flushing clears it by
/// <see cref="ClearedS"/>.
/// </summary>
/// <param name="OnsetS">When settling begins, seconds since the dive began.</param>
/// <param name="PeakS">When the restriction is worst.</param>
/// <param name="ClearedS">When the line is clear again.</param>
/// <param name="PeakRestriction">Fraction (0–1) of the nominal flow lost at the peak.</param>
public readonly record struct ClogEvent(double OnsetS, double PeakS, double ClearedS, double PeakRestriction)
{
    /// <summary>The restriction (0 = clear, <see cref="PeakRestriction"/> at the peak) at time <paramref name="tS"/>:
    /// a smooth rise (settling accelerates as the bore narrows) and a faster smooth fall while flushing.</summary>
    public double RestrictionAt(double tS)
    {
        if (tS <= OnsetS || tS >= ClearedS)
        {
            return 0.0;
        }

        if (tS <= PeakS)
        {
            var u = (tS - OnsetS) / (PeakS - OnsetS);
            return PeakRestriction * u * u;
        }

        var w = (tS - PeakS) / (ClearedS - PeakS);
        return PeakRestriction * 0.5 * (1.0 + Math.Cos(Math.PI * w));
    }
}
