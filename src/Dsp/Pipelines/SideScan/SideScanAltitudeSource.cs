namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>Where the altitude used for the slant-to-ground correction of a line came from.</summary>
public enum SideScanAltitudeSource
{
    /// <summary>No altitude: the line was mapped as if the altitude were 0 (slant range shown as ground range).</summary>
    None = 0,

    /// <summary>The altitude carried by the line (the vehicle's altimeter or DVL).</summary>
    Given = 1,

    /// <summary>Detected from the first bottom return in the water column of the line itself.</summary>
    Detected = 2,
}
