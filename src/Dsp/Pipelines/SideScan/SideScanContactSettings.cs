namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>Settings of <see cref="SideScanContactTracker"/>.</summary>
public sealed record SideScanContactSettings
{
    /// <summary>
    /// Normalised level (background 1) that counts as the object's own return when walking from its shadow back
    /// toward nadir to find the near edge. Default 2 (3 dB above the seabed): the seabed's speckle stays below it
    /// most of the time, so the walk stops where the object's return begins rather than running on to nadir.
    /// </summary>
    public double ObjectLevel { get; init; } = 2.0;

    /// <summary>Darker gaps inside the object's return (its own internal shadows, a wreck's dim deck) bridged by
    /// that walk, metres. Default 2.5.</summary>
    public double MaxEdgeGapM { get; init; } = 2.5;

    /// <summary>Percentile of the per-line near edges reported as the contact's near edge. Default 10.</summary>
    public double NearEdgePercentile { get; init; } = 10.0;

    /// <summary>A detection joins a contact when its near-edge-to-shadow-end interval comes within this distance
    /// of the contact's interval on its last line, metres. Default 1.</summary>
    public double MatchMarginM { get; init; } = 1.0;

    /// <summary>Lines without a detection a contact survives; the next such line closes it. Default 5 (bridges a
    /// few lines where the shadow is too short, or a dropout of whole lines).</summary>
    public int MaxGapLines { get; init; } = 5;

    /// <summary>Fewest lines with a detection for a closed contact to be reported. Default 3: a one- or two-line
    /// detection is speckle more often than an object at survey line rates.</summary>
    public int MinDetectedLines { get; init; } = 3;

    /// <summary>
    /// A shadow that reaches within this distance of the end of the line's covered range never ended: the return
    /// fell to the noise floor and did not come back, which is a dropout (lost bottom, a surface bounce, a gain
    /// step), not an object's shadow. Default 0.5 m.
    /// </summary>
    public double DropoutMarginM { get; init; } = 0.5;

    /// <summary>Most contacts open at once (the pool is allocated once). Default 32.</summary>
    public int MaxOpenContacts { get; init; } = 32;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Positive(ObjectLevel, nameof(ObjectLevel));
        NonNegative(MaxEdgeGapM, nameof(MaxEdgeGapM));
        if (!(NearEdgePercentile >= 0 && NearEdgePercentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(NearEdgePercentile), NearEdgePercentile, "NearEdgePercentile must be in [0, 100]");
        }

        NonNegative(MatchMarginM, nameof(MatchMarginM));
        NonNegative(DropoutMarginM, nameof(DropoutMarginM));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxGapLines, nameof(MaxGapLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinDetectedLines, 1, nameof(MinDetectedLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOpenContacts, 1, nameof(MaxOpenContacts));
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0");
        }
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and >= 0");
        }
    }
}
