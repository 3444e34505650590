namespace RovDsp.Dsp.Pipelines.Obstacles;

/// <summary>
/// One obstacle seen by a sonar: a cluster of detections in a polar (bearing × range) image, described in the
/// sonar's own frame. Bearing 0 is straight ahead, positive to starboard (clockwise seen from above).
/// </summary>
/// <param name="RangeM">Slant range to the cluster's nearest detected cell, metres.</param>
/// <param name="BearingRad">Bearing of the cluster's strength-weighted centre, radians.</param>
/// <param name="WidthM">Across-bearing extent (arc length at <paramref name="RangeM"/>), metres.</param>
/// <param name="DepthM">Extent along range, metres.</param>
/// <param name="StrengthDb">Peak echo level of the cluster in dB (relative to the image's normalised level).</param>
/// <param name="CellCount">How many detected cells formed the cluster.</param>
public readonly record struct Obstacle(
    float RangeM, float BearingRad, float WidthM, float DepthM, float StrengthDb, int CellCount)
{
    /// <summary>Across-track offset of the obstacle's centre from the sonar's axis, metres (positive starboard).</summary>
    public float LateralM => RangeM * MathF.Sin(BearingRad);

    /// <summary>Along-track distance ahead of the sonar, metres.</summary>
    public float AheadM => RangeM * MathF.Cos(BearingRad);
}
