namespace RovDsp.Replay.Simulation;

/// <summary>The vehicle's true state at one instant (world frame: x east, y north, depth positive down).</summary>
/// <param name="TimeS">Seconds since the dive began.</param>
/// <param name="X">East, metres.</param>
/// <param name="Y">North, metres.</param>
/// <param name="DepthM">Depth of the sonar transducers, metres.</param>
/// <param name="HeadingRad">Heading, radians clockwise from north (0 = north, π/2 = east).</param>
/// <param name="SpeedMps">Speed over ground, m/s.</param>
/// <param name="AltitudeM">True altitude of the transducers above the seabed directly below, metres.</param>
/// <param name="PitchRad">Pitch, radians, bow up positive.</param>
public readonly record struct VehiclePose(
    double TimeS, double X, double Y, double DepthM, double HeadingRad, double SpeedMps, double AltitudeM,
    double PitchRad);
