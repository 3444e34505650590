namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>What <see cref="SideScanPipeline.Process"/> made of one line.</summary>
/// <param name="Stamp">Stamp of the input line.</param>
/// <param name="Accepted">False when the line was rejected (bad timing or non-finite samples); nothing else changed.</param>
/// <param name="AltitudeM">Altitude used for the slant-to-ground correction, metres (0 when none was known).</param>
/// <param name="AltitudeSource">Where <paramref name="AltitudeM"/> came from.</param>
/// <param name="PortValidBins">Ground-range bins of the port side that the line covered (from bin 0 outward).</param>
/// <param name="StarboardValidBins">Ground-range bins of the starboard side that the line covered.</param>
/// <param name="TargetCount">Targets found in this line (see <see cref="SideScanPipeline.Targets"/>).</param>
public readonly record struct SideScanResult(
    MessageStamp Stamp, bool Accepted, float AltitudeM, SideScanAltitudeSource AltitudeSource,
    int PortValidBins, int StarboardValidBins, int TargetCount);
