namespace RovDsp.Replay.Recording;

/// <summary>What one channel of a recording holds.</summary>
/// <param name="Id">Channel id.</param>
/// <param name="Topic">Topic.</param>
/// <param name="MessageEncoding">Message encoding.</param>
/// <param name="SchemaName">Schema name ("" when the channel has none).</param>
/// <param name="SchemaEncoding">Schema encoding ("" when the channel has none).</param>
/// <param name="MessageCount">Messages read.</param>
/// <param name="Bytes">Sum of the message payload sizes, bytes.</param>
/// <param name="FirstLogTimeNs">Earliest log time, ns (0 without messages).</param>
/// <param name="LastLogTimeNs">Latest log time, ns (0 without messages).</param>
/// <param name="LargestGapNs">Largest step between consecutive messages in log-time order, ns.</param>
public sealed record RecordingChannelInfo(
    ushort Id, string Topic, string MessageEncoding, string SchemaName, string SchemaEncoding, long MessageCount,
    long Bytes, ulong FirstLogTimeNs, ulong LastLogTimeNs, ulong LargestGapNs)
{
    /// <summary>Mean message rate over the channel's own time span, Hz (0 with fewer than two messages): (n − 1) / span.</summary>
    public double RateHz => MessageCount < 2 || LastLogTimeNs <= FirstLogTimeNs
        ? 0.0
        : (MessageCount - 1) / ((LastLogTimeNs - FirstLogTimeNs) * 1e-9);
}
