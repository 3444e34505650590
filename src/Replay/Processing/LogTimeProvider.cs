namespace RovDsp.Replay.Processing;

/// <summary>
/// The clock <see cref="DiveProcessor"/> gives handlers whose device frames carry no time (Ping protocol): its
/// <see cref="GetUtcNow"/> is the log time of the message being handled, so the same recording always gives the
/// same feeds, whatever the wall clock says.
/// </summary>
/// <remarks>
/// <see cref="DateTimeOffset"/> holds 100 ns ticks, so a log time is truncated to them; every writer of Ping
/// messages here (<c>record</c>, <c>import</c>) stamps whole ticks, as the wall clock it replaces did.
/// </remarks>
internal sealed class LogTimeProvider : TimeProvider
{
    /// <summary>The log time of the message being handled, ns since the Unix epoch (set before each handler call,
    /// on the thread that makes it).</summary>
    public long LogTimeNs { get; set; }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() =>
        new(DateTime.UnixEpoch.Ticks + LogTimeNs / 100, TimeSpan.Zero);
}
