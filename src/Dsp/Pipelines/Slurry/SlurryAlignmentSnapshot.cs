namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>The readings a slurry line has received but not yet counted, as a checkpoint keeps them across a restart:
/// the totals run <see cref="SlurryLinePipeline.AlignmentDelayS"/> behind the newest reading (the flow waits for the
/// lagging densitometer), so without these a crash would lose that delay's flow on top of the checkpoint interval.
/// Each list holds the readings from the one in force at <see cref="SlurryTotals.AsOfNs"/> onwards, in time order.</summary>
/// <param name="Velocity">Flow velocity readings, m/s.</param>
/// <param name="Ultrasonic">Ultrasonic densitometer readings, kg/m³ (empty without one).</param>
/// <param name="Gamma">Gamma densitometer readings at the instant they describe, kg/m³ (empty without one).</param>
/// <param name="HeldDensityKgM3">The density the line holds when no densitometer reading is in force, kg/m³.</param>
public sealed record SlurryAlignmentSnapshot(
    IReadOnlyList<SlurryTimedReading> Velocity,
    IReadOnlyList<SlurryTimedReading> Ultrasonic,
    IReadOnlyList<SlurryTimedReading> Gamma,
    double HeldDensityKgM3)
{
    /// <summary>Why this snapshot cannot be carried on from totals counted up to <paramref name="asOfNs"/> (non-finite
    /// values, times out of order or outside [asOfNs − <paramref name="backNs"/>, asOfNs + <paramref name="aheadNs"/>],
    /// more readings than <paramref name="maxCount"/>), or null when it can.</summary>
    public string? Problem(long asOfNs, long backNs, long aheadNs, int maxCount)
    {
        if (!(double.IsFinite(HeldDensityKgM3) && HeldDensityKgM3 > 0))
        {
            return $"held density must be finite and positive ({HeldDensityKgM3})";
        }

        return Problem("velocity", Velocity, asOfNs, backNs, aheadNs, maxCount)
            ?? Problem("ultrasonic", Ultrasonic, asOfNs, backNs, aheadNs, maxCount)
            ?? Problem("gamma", Gamma, asOfNs, backNs, aheadNs, maxCount);
    }

    private static string? Problem(string name, IReadOnlyList<SlurryTimedReading> readings, long asOfNs, long backNs,
        long aheadNs, int maxCount)
    {
        if (readings.Count > maxCount)
        {
            return $"{name}: {readings.Count} readings, more than the {maxCount} the line holds";
        }

        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            if (!float.IsFinite(r.Value))
            {
                return $"{name}[{i}]: value must be finite ({r.Value})";
            }

            if (r.TimeNs < asOfNs - backNs || r.TimeNs > asOfNs + aheadNs)
            {
                return $"{name}[{i}]: time {r.TimeNs} is outside [{asOfNs - backNs}, {asOfNs + aheadNs}] around the totals' {asOfNs}";
            }

            if (i > 0 && r.TimeNs < readings[i - 1].TimeNs)
            {
                return $"{name}[{i}]: times must not go back ({r.TimeNs} after {readings[i - 1].TimeNs})";
            }
        }

        return null;
    }
}
