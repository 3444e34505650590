namespace RovDsp.Replay.Simulation.Slurry;

/// <summary>The slurry line's true state at one instant of a simulated dive.</summary>
/// <param name="TimeS">Seconds since the dive began.</param>
/// <param name="VelocityMps">True mean velocity, m/s.</param>
/// <param name="DensityKgM3">True mixture density at the meters, kg/m³.</param>
/// <param name="Cv">True volumetric solids concentration.</param>
/// <param name="FlowM3PerHour">True volumetric flow, m³/h.</param>
/// <param name="DrySolidsTph">True dry-solids mass flow, t/h.</param>
/// <param name="MixtureTph">True mixture mass flow, t/h.</param>
/// <param name="CumulativeDryTonnes">True dry solids lifted since the dive began, t.</param>
/// <param name="CumulativeWetTonnes">True mixture lifted since the dive began, t.</param>
/// <param name="ClogRestriction">The world's flow restriction (0 = clear).</param>
/// <param name="ClogOnsetS">Onset of the dive's clog, s (NaN when none is staged).</param>
/// <param name="IsMining">Whether the collector is mining.</param>
/// <param name="SensorStuck">Whether the emitted reading comes from a stuck sensor.</param>
/// <param name="IsSpike">Whether the emitted reading carries a particle-strike spike.</param>
public readonly record struct SlurryTruth(
    double TimeS, double VelocityMps, double DensityKgM3, double Cv, double FlowM3PerHour, double DrySolidsTph,
    double MixtureTph, double CumulativeDryTonnes, double CumulativeWetTonnes, double ClogRestriction,
    double ClogOnsetS, bool IsMining, bool SensorStuck, bool IsSpike);
