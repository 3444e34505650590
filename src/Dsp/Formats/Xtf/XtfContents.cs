namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>Everything <see cref="XtfReader.ReadAll"/> found in a recording.</summary>
/// <param name="Pings">The sonar pings in file order.</param>
/// <param name="SkippedPackets">Count of skipped (non-sonar) packets per HeaderType.</param>
/// <param name="EndOffset">Offset just past the last packet (equals the buffer length for a whole file).</param>
public sealed record XtfContents(
    IReadOnlyList<XtfSonarPing> Pings, IReadOnlyDictionary<byte, int> SkippedPackets, long EndOffset);
