namespace RovDsp.Replay.Simulation;

/// <summary>An obstacle placed on the seabed in world coordinates (metres, x east, y north).</summary>
/// <param name="Kind">What it is.</param>
/// <param name="X">Centre, east, metres.</param>
/// <param name="Y">Centre, north, metres.</param>
/// <param name="RadiusM">Horizontal radius, metres.</param>
/// <param name="HeightM">Height above the seabed, metres.</param>
/// <param name="TargetStrengthDb">Target strength (dB re 1 m²) of the whole object at the sonars' frequencies.</param>
public readonly record struct ObstacleTruth(
    ObstacleKind Kind, double X, double Y, double RadiusM, double HeightM, double TargetStrengthDb);
