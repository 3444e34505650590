namespace RovDsp.Perf.Latency;

/// <summary>One sensor's pre-generated, wire-encoded messages and when each is due within one loop of the
/// stream. The publisher overwrites each message's header timestamp and sequence just before sending it, so the
/// same bytes can be replayed loop after loop (and by every copy of the sensor) with time running forward.</summary>
/// <param name="Kind">Which stream of the mix.</param>
/// <param name="Messages">Encoded payloads (wire header first).</param>
/// <param name="OffsetsNs">Due time of each message from the loop's start, ns, ascending.</param>
/// <param name="LoopNs">Length of one loop, ns.</param>
public sealed record MixStream(MixKind Kind, byte[][] Messages, long[] OffsetsNs, long LoopNs)
{
    /// <summary>Messages per second of this stream.</summary>
    public double RatePerSecond => Messages.Length * 1e9 / LoopNs;
}
