using System.Diagnostics;

namespace RovDsp.Perf.Latency;

/// <summary>The clock the publisher stamps raw messages with and the subscriber reads feeds against: Unix-epoch
/// nanoseconds that advance with <see cref="Stopwatch"/> (monotonic, so an NTP step cannot make a latency
/// negative). Both ends run in this process, so no clock synchronisation is involved.</summary>
public static class HarnessClock
{
    private static readonly long EpochNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
    private static readonly long Origin = Stopwatch.GetTimestamp();
    private static readonly double NsPerTick = 1e9 / Stopwatch.Frequency;

    /// <summary>Now, ns since the Unix epoch.</summary>
    public static long NowNs => FromTimestamp(Stopwatch.GetTimestamp());

    /// <summary>A <see cref="Stopwatch"/> timestamp on this clock, ns since the Unix epoch.</summary>
    public static long FromTimestamp(long timestamp) => EpochNs + (long)((timestamp - Origin) * NsPerTick);
}
