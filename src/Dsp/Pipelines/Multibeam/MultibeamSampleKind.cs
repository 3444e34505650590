namespace RovDsp.Dsp.Pipelines.Multibeam;

/// <summary>What a <see cref="MultibeamFrame"/>'s sample values measure.</summary>
public enum MultibeamSampleKind
{
    /// <summary>Linear echo amplitude (envelope magnitude); the pipeline squares it to intensity.</summary>
    Amplitude,

    /// <summary>Linear echo intensity (power).</summary>
    Intensity,
}
