namespace RovDsp.Replay.Simulation.ScanningSonar;

/// <summary>
/// Settings of <see cref="ScanningSonarSimulator"/>: how the simulated Ping360 is operated and the levels of its
/// echoes. Levels are in dB re one count² of the 8-bit output at 10 m (the device's gain and ADC scaling are not
/// public, so they are set here to put the seabed, noise and obstacles where a Ping360 image shows them: noise a
/// few counts, seabed tens of counts, a boulder a hundred or more at 10 m).
/// </summary>
public sealed record ScanningSonarSimulatorSettings
{
    /// <summary>Range setting, metres. Default 20.</summary>
    public double RangeM { get; init; } = 20.0;

    /// <summary>Samples per step (Ping360: 200–1200). Default 1200.</summary>
    public int Samples { get; init; } = 1200;

    /// <summary>Steps per second. Default 30.</summary>
    public double StepRateHz { get; init; } = 30.0;

    /// <summary>Gradians advanced per step. Default 1.</summary>
    public int StepGrads { get; init; } = 1;

    /// <summary>Transmit frequency, kHz (Ping360: practical 650–850). Default 750.</summary>
    public int FrequencyKHz { get; init; } = 750;

    /// <summary>Transmit duration, µs; the echo of a point lasts c·τ/2 in range. Default 40.</summary>
    public int TransmitDurationUs { get; init; } = 40;

    /// <summary>Two-way horizontal beam width at −3 dB, degrees (Ping360: 2° beam). Default 2.</summary>
    public double HorizontalBeamDeg { get; init; } = 2.0;

    /// <summary>Half of the vertical beam width at −3 dB, degrees (Ping360: 25° vertical beam). Default 12.5.</summary>
    public double VerticalHalfBeamDeg { get; init; } = 12.5;

    /// <summary>Noise level, dB re count². Default 6 (a 2-count amplitude).</summary>
    public double NoiseDb { get; init; } = 6.0;

    /// <summary>Seabed reverberation at 10 m inside the vertical beam, dB re count²; falls as 30·log10 R + 2αR. Default 29.5 (30 counts).</summary>
    public double SeabedDbAt10M { get; init; } = 29.5;

    /// <summary>Echo of a TS = −20 dB object at 10 m, dB re count²; scales with TS and 40·log10 R + 2αR. Default 50.</summary>
    public double TargetDbAt10MForTsMinus20 { get; init; } = 50.0;

    /// <summary>Seabed level left in an object's acoustic shadow (fraction of intensity). Default 0.05.</summary>
    public double ShadowFraction { get; init; } = 0.05;
}
