namespace RovDsp.Dsp.Wire;

/// <summary>The message kinds of the raw-sensor wire encoding (docs/wire-encoding.md). Values are part of the
/// format: never renumber.</summary>
public enum WireKind : byte
{
    /// <summary>An echosounder / altimeter ping.</summary>
    EchosounderPing = 1,

    /// <summary>An imaging / multibeam frame.</summary>
    MultibeamFrame = 2,

    /// <summary>A scanning-sonar step.</summary>
    ScanningSonarStep = 3,

    /// <summary>A side-scan line.</summary>
    SideScanLine = 4,

    /// <summary>A slurry-line sensor sample.</summary>
    SlurrySample = 5,
}
