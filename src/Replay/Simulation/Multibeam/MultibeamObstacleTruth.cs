namespace RovDsp.Replay.Simulation.Multibeam;

/// <summary>Where one of the world's obstacles lies relative to the imaging sonar in one frame.</summary>
/// <param name="Index">Index in <see cref="DiveWorld.Obstacles"/>.</param>
/// <param name="Kind">What it is.</param>
/// <param name="AheadM">Distance of its centre ahead of the sonar, metres.</param>
/// <param name="StarboardM">Distance of its centre to starboard, metres.</param>
/// <param name="RangeM">Slant range from the sonar to the point of the object's near face nearest the vertical beam's axis, metres
/// (what the sonar measures to the first echo).</param>
/// <param name="BearingRad">Bearing of its centre, radians, 0 ahead, positive to starboard.</param>
/// <param name="WidthM">Its diameter, metres.</param>
/// <param name="VerticalGainDb">Two-way vertical beam-pattern gain towards it, dB (0 on the beam's axis).</param>
/// <param name="InFan">Whether its centre's bearing is inside the fan and its near face within the range.</param>
public readonly record struct MultibeamObstacleTruth(
    int Index, ObstacleKind Kind, double AheadM, double StarboardM, double RangeM, double BearingRad, double WidthM,
    double VerticalGainDb, bool InFan);
