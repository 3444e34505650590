namespace RovDsp.Replay.Simulation.ScanningSonar;

/// <summary>Ground truth beside one simulated scanning-sonar step.</summary>
/// <param name="TimeS">Seconds since the dive began.</param>
/// <param name="Pose">The vehicle's (and sonar's) true pose at the step.</param>
/// <param name="AngleGrads">The head angle of the step.</param>
/// <param name="SoundSpeedMps">The sound speed the echoes travelled at.</param>
public readonly record struct ScanningSonarStepTruth(double TimeS, VehiclePose Pose, int AngleGrads, double SoundSpeedMps);
