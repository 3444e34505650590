namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>Why a slurry sensor is not trusted right now (flags combine).</summary>
[Flags]
public enum SlurrySensorFault : byte
{
    /// <summary>Healthy.</summary>
    None = 0,

    /// <summary>No reading yet since construction or reset.</summary>
    NoData = 1,

    /// <summary>No reading for longer than the dropout limit (judged against message timestamps).</summary>
    Dropout = 2,

    /// <summary>The value has not changed at all over the sensor's stuck window (zero variance).</summary>
    Stuck = 4,

    /// <summary>Readings outside the sensor's stated range.</summary>
    OutOfRange = 8,

    /// <summary>NaN or infinite readings.</summary>
    NotFinite = 16,
}
