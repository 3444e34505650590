namespace RovDsp.Dsp.Pipelines.Obstacles;

/// <summary>
/// The strip of seabed ahead of the vehicle that its collector will sweep: obstacles in it are what the pilot
/// must avoid. Defaults: a 2 m wide collector head (1 m each side of the axis; the real head's width is not
/// public, so this is a setting) plus 0.5 m margin, looked at out to 15 m (about 40 s at 0.4 m/s).
/// </summary>
public sealed record CorridorSettings
{
    /// <summary>Half the corridor's width, metres, &gt; 0. An obstacle is in the corridor when its near edge
    /// (|lateral offset| − width/2) is within this of the axis.</summary>
    public float HalfWidthM { get; init; } = 1.5f;

    /// <summary>Farthest distance ahead considered, metres, &gt; 0.</summary>
    public float MaxRangeM { get; init; } = 15f;

    /// <summary>Nearest distance ahead considered, metres, &gt;= 0 (0 counts anything in front of the sonar).</summary>
    public float MinRangeM { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(HalfWidthM > 0) || float.IsPositiveInfinity(HalfWidthM))
        {
            throw new ArgumentException($"HalfWidthM must be finite and > 0, got {HalfWidthM}", nameof(HalfWidthM));
        }
        if (!(MaxRangeM > 0) || float.IsPositiveInfinity(MaxRangeM))
        {
            throw new ArgumentException($"MaxRangeM must be finite and > 0, got {MaxRangeM}", nameof(MaxRangeM));
        }
        if (!(MinRangeM >= 0) || MinRangeM >= MaxRangeM)
        {
            throw new ArgumentException($"MinRangeM must be in [0, MaxRangeM), got {MinRangeM}", nameof(MinRangeM));
        }
    }
}
