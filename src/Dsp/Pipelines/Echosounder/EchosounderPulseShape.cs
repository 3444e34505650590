namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>The kind of pulse an echosounder transmits.</summary>
public enum EchosounderPulseShape
{
    /// <summary>A constant-frequency (CW) tone burst at the carrier; range resolution c·T/2.</summary>
    ContinuousWave,

    /// <summary>A linear frequency-modulated chirp from f0 to f1; after pulse compression the range resolution is
    /// c/(2·B) with B = |f1 − f0| (docs/domain.md#pulse-compression).</summary>
    LinearFm,
}
