namespace RovDsp.Perf.Latency;

/// <summary>The three streams of the realistic mix, each measured separately.</summary>
public enum MixKind
{
    /// <summary>Echosounder pings (raw/echosounder → feed/altitude).</summary>
    Ping,

    /// <summary>Slurry-line sensor samples (raw/slurry → feed/slurry, at most 10 feeds/s per line).</summary>
    Slurry,

    /// <summary>Multibeam frames, 256 × 703 8-bit (raw/multibeam → feed/obstacles).</summary>
    Multibeam,
}
