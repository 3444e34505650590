namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>The echosounder tracker's last valid altitude and when it was valid, as a checkpoint keeps it across a
/// restart. Restored, it is an old track (<see cref="EchosounderPipeline.Restore"/>): the tracker ages it from
/// <see cref="ValidNs"/>, so it is held with fading confidence or lost, never valid until a ping confirms it.</summary>
/// <param name="AltitudeM">The last valid altitude, m.</param>
/// <param name="ValidNs">Message time of the ping that made it valid, ns (0: none).</param>
/// <param name="Confidence">Its confidence then, 0–1.</param>
/// <param name="StrengthDb">The tracked echo's smoothed strength, dB (the reference a new bottom is measured against).</param>
public readonly record struct AltitudeMemory(double AltitudeM, long ValidNs, double Confidence, double StrengthDb)
{
    /// <summary>Whether there is a last valid altitude.</summary>
    public bool HasValue => ValidNs != 0;

    /// <summary>Why this memory cannot be restored (NaN, infinite, negative or out-of-range fields), or null when it can.</summary>
    public string? Problem()
    {
        if (ValidNs == 0)
        {
            return "validT is missing";
        }

        if (!(double.IsFinite(AltitudeM) && AltitudeM >= 0))
        {
            return $"altitudeM must be finite and not negative ({AltitudeM})";
        }

        if (!(Confidence is >= 0 and <= 1))
        {
            return $"confidence must be within 0–1 ({Confidence})";
        }

        return double.IsFinite(StrengthDb) ? null : $"strengthDb must be finite ({StrengthDb})";
    }
}
