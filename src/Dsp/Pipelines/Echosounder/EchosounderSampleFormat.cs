namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>How the samples of an <see cref="EchosounderPing"/> are represented.</summary>
public enum EchosounderSampleFormat
{
    /// <summary>Real samples of the received pass-band signal (the ADC output), in <see cref="EchosounderPing.Re"/>.</summary>
    RealPassband,

    /// <summary>Complex baseband samples (the carrier moved to 0 Hz) in split layout: <see cref="EchosounderPing.Re"/>
    /// and <see cref="EchosounderPing.Im"/>.</summary>
    ComplexBaseband,
}
