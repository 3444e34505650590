using RovDsp.Dsp.Pipelines.Obstacles;

namespace RovDsp.Replay.Simulation.Multibeam;

/// <summary>
/// How a reported imaging-sonar obstacle is scored against the simulator's truth: the one rule set used by the
/// accuracy tests (tests/RovDsp.Replay.Tests/Multibeam) and by <c>rovdsp-replay process</c>'s report, so both
/// count the same thing.
/// </summary>
public static class ObstacleMatching
{
    /// <summary>Range tolerance for a match, metres: the near face's echo can fade (exponential speckle) over its
    /// first few bins and the 3-bin speckle average moves the edge one bin nearer; 0.25 m is 9 bins.</summary>
    public const double RangeTolM = 0.25;

    /// <summary>Bearing tolerance beyond the object's own angular half-width, radians (2°, four beams).</summary>
    public const double BearingTolRad = 2.0 * Math.PI / 180;

    /// <summary>Whether <paramref name="o"/> is <paramref name="t"/>: near face within <paramref name="rangeTol"/>
    /// and bearing within the object's angular half-width plus <paramref name="bearingTol"/>.</summary>
    public static bool Matches(in Obstacle o, in MultibeamObstacleTruth t, double rangeTol = RangeTolM, double bearingTol = BearingTolRad)
    {
        var d = Math.Sqrt(t.AheadM * t.AheadM + t.StarboardM * t.StarboardM);
        var half = Math.Asin(Math.Min(1.0, 0.5 * t.WidthM / Math.Max(d, 1e-3)));
        return Math.Abs(o.RangeM - t.RangeM) <= rangeTol && Math.Abs(o.BearingRad - t.BearingRad) <= half + bearingTol;
    }

    /// <summary>An obstacle the sonar must see: centre in the fan at least 5° from its edges (the CFAR does not
    /// test the outer 4 beams), near face between 1 m and 19 m (the CFAR's 14 edge bins, the near field) and in
    /// the vertical beam (two-way gain above −6 dB).</summary>
    public static bool MustSee(in MultibeamObstacleTruth t) =>
        t.InFan && Math.Abs(t.BearingRad) <= 60 * Math.PI / 180 && t.RangeM >= 1.0 && t.RangeM <= 19.0
        && t.VerticalGainDb >= -6.0;

    /// <summary>Whether <paramref name="o"/> is explained by some obstacle in <paramref name="truth"/>, visible or
    /// not, even loosely: its far side and shadow edge lie up to its diameter + 0.5 m behind the near face. A
    /// report explained by none is a false obstacle.</summary>
    public static bool IsExplained(in Obstacle o, IReadOnlyList<MultibeamObstacleTruth> truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        foreach (var t in truth)
        {
            if (o.RangeM >= t.RangeM - 0.5 && o.RangeM <= t.RangeM + t.WidthM + 0.5
                && Matches(o, t with { RangeM = o.RangeM }, 0, 3 * BearingTolRad))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="t"/> is owed a "nearest in the corridor" report: in the corridor
    /// (<see cref="CorridorSettings"/>), seen (<see cref="MustSee"/>), and no other obstacle of
    /// <paramref name="all"/> nearer ahead in the corridor.</summary>
    public static bool IsOwedNearest(in MultibeamObstacleTruth t, IReadOnlyList<MultibeamObstacleTruth> all, CorridorSettings corridor)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(corridor);
        var inCorridor = t.AheadM >= corridor.MinRangeM && t.AheadM <= corridor.MaxRangeM
            && Math.Abs(t.StarboardM) - 0.5 * t.WidthM <= corridor.HalfWidthM;
        var nearerOther = false;
        foreach (var o in all)
        {
            nearerOther |= o.Index != t.Index && o.AheadM > 0 && o.AheadM < t.AheadM
                && Math.Abs(o.StarboardM) - 0.5 * o.WidthM <= corridor.HalfWidthM;
        }

        return inCorridor && !nearerOther && MustSee(t);
    }
}
