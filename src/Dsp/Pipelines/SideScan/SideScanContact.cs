namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>
/// One physical object on the seabed, seen on successive side-scan lines: the highlight/shadow detections of
/// those lines grouped by <see cref="SideScanContactTracker"/>.
/// </summary>
/// <param name="Id">Number of the contact, from 1, in order of first detection (per tracker, since its last reset).</param>
/// <param name="Side">The side it lies on.</param>
/// <param name="First">Stamp of the first line it was detected in.</param>
/// <param name="Last">Stamp of the last line it was detected in.</param>
/// <param name="Lines">Lines from the first to the last detection (the along-track extent in pings, gaps included).</param>
/// <param name="DetectedLines">Lines in which it was detected.</param>
/// <param name="NearRangeM">Ground range where its return begins (the near edge), nearest over its lines, metres.</param>
/// <param name="FarRangeM">Ground range where its shadow starts (the far edge), farthest over its lines, metres.</param>
/// <param name="ShadowLengthM">Longest shadow over its lines, metres.</param>
/// <param name="HeightM">Height from the shadow, a·L/(R+L), highest over its lines, metres; NaN when no line had an altitude.</param>
/// <param name="StrengthDb">Peak normalised highlight over the background, 10·log10(level), dB.</param>
/// <param name="PeakStamp">Stamp of the line with the peak highlight (where the object is most visible).</param>
public readonly record struct SideScanContact(
    int Id, SideScanSide Side, MessageStamp First, MessageStamp Last, int Lines, int DetectedLines,
    float NearRangeM, float FarRangeM, float ShadowLengthM, float HeightM, float StrengthDb, MessageStamp PeakStamp)
{
    /// <summary>Across-track length of the object: far edge minus near edge, metres.</summary>
    public float LengthM => FarRangeM - NearRangeM;

    /// <summary>Along-track extent in time: last minus first detection, seconds.</summary>
    public double DurationS => (Last.TimestampNs - First.TimestampNs) / 1e9;

    /// <summary>Along-track position: the time midway between the first and last detection, ns since the epoch.</summary>
    public long CentreTimestampNs => First.TimestampNs + (Last.TimestampNs - First.TimestampNs) / 2;
}
