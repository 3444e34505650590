namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>Which side of the vehicle a side-scan channel looks to.</summary>
public enum SideScanSide
{
    /// <summary>Port (left) channel.</summary>
    Port = 0,

    /// <summary>Starboard (right) channel.</summary>
    Starboard = 1,
}
