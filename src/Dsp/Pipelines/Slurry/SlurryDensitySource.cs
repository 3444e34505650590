namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>Which densitometer feeds the derived mixture density.</summary>
public enum SlurryDensitySource : byte
{
    /// <summary>No healthy densitometer: the derived mass flows hold their last value.</summary>
    None = 0,

    /// <summary>The ultrasonic gauge (no lag).</summary>
    Ultrasonic = 1,

    /// <summary>The gamma gauge, paired with the flow delayed by its configured lag.</summary>
    Gamma = 2,

    /// <summary>Ultrasonic while it is healthy, otherwise gamma (the default).</summary>
    PreferUltrasonic = 3,
}
