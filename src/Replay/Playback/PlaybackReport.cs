namespace RovDsp.Replay.Playback;

/// <summary>What a playback did and how punctual it was. Lateness is how long after its due time each message was
/// handed to the publisher (0 at best; meaningless and reported as 0 when playing as fast as possible).</summary>
/// <param name="Messages">Messages published.</param>
/// <param name="Passes">Passes over the window (more than 1 when looping).</param>
/// <param name="Elapsed">Wall time of the playback.</param>
/// <param name="RecordedSpan">Log-time span of one pass over the window.</param>
/// <param name="LatenessP50Ms">Median lateness, milliseconds.</param>
/// <param name="LatenessP99Ms">99th-percentile lateness, milliseconds.</param>
/// <param name="LatenessMaxMs">Largest lateness, milliseconds.</param>
/// <param name="Topics">Raw topics played.</param>
public sealed record PlaybackReport(
    long Messages, int Passes, TimeSpan Elapsed, TimeSpan RecordedSpan,
    double LatenessP50Ms, double LatenessP99Ms, double LatenessMaxMs, IReadOnlyList<string> Topics)
{
    /// <summary>Messages per second of wall time over the whole playback (0 when nothing was played).</summary>
    public double MessagesPerSecond => Elapsed > TimeSpan.Zero ? Messages / Elapsed.TotalSeconds : 0;
}
