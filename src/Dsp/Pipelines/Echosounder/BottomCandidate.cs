namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>One echo found in a ping: where its leading edge is and how strong it is.</summary>
internal struct BottomCandidate
{
    /// <summary>Range of the leading edge (half-power point), metres.</summary>
    public double RangeM;

    /// <summary>Peak smoothed power over the noise floor, dB.</summary>
    public double SnrDb;

    /// <summary>Peak level after the seabed time-varying gain, dB.</summary>
    public double StrengthDb;

    /// <summary>True when the echo sits at twice the range of an earlier echo or of the track: the second bottom
    /// echo (seabed → vehicle → seabed), never the bottom itself.</summary>
    public bool IsMultiple;
}
