using System.Buffers;
using RovDsp.Processing.Feeds;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Processing;

/// <summary>
/// What one raw message produced, held until every earlier message's output has been applied: the feeds its
/// handler published (payloads copied into pooled buffers, since handlers reuse theirs) and the alarm inputs it
/// gave, in the order the handler made them. <see cref="DiveProcessor"/> applies slots strictly in file order, so
/// the output does not depend on which thread ran which handler or finished first.
/// </summary>
internal sealed class MessageSlot
{
    private readonly List<Entry> _entries = [];
    private volatile bool _done;

    /// <summary>The message this slot is for.</summary>
    public McapMessage Message { get; private set; } = null!;

    /// <summary>Whether its handler has finished (set by the thread that ran it).</summary>
    public bool Done => _done;

    /// <summary>A failure of its handler, rethrown where the slot is applied.</summary>
    public Exception? Failure { get; set; }

    /// <summary>For a truth message: its table (it is copied through, not handled); null otherwise.</summary>
    public FeedTable? Truth { get; private set; }

    /// <summary>For a truth message: the output channel it is copied to.</summary>
    public ushort TruthChannel { get; private set; }

    /// <summary>Readies the slot for <paramref name="message"/> (a truth message when <paramref name="truth"/> is set).</summary>
    public void Reset(McapMessage message, FeedTable? truth = null, ushort truthChannel = 0)
    {
        Message = message;
        Truth = truth;
        TruthChannel = truthChannel;
        Failure = null;
        Worker = null;
        _entries.Clear();
        _done = false;
    }

    /// <summary>Marks the handler finished (publishes the entries to the applying thread: a volatile write).</summary>
    public void Complete() => _done = true;

    /// <summary>The worker handling this slot's message, or null when the applying thread handled it.</summary>
    public HandlerWorker? Worker { get; set; }

    /// <summary>Records a feed publication.</summary>
    public void Publish(string topic, ReadOnlySpan<byte> payload, string contentType, uint expirySeconds, bool retain)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, payload.Length));
        payload.CopyTo(buffer);
        _entries.Add(new Entry(topic, buffer, payload.Length, contentType, expirySeconds, retain, default));
    }

    /// <summary>Records an alarm report.</summary>
    public void Alarm(in AlarmReport report) => _entries.Add(new Entry(null, null, 0, null, 0, false, report));

    /// <summary>Applies the entries, in order, to the real sink (at the message's log time) and alarm hub.</summary>
    public async ValueTask ApplyAsync(McapFeedSink sink, AlarmHub alarms, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        sink.CurrentLogTimeNs = (long)Message.LogTime;
        foreach (var e in _entries)
        {
            if (e.Topic is null)
            {
                await alarms.ApplyAsync(e.Report, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await sink.PublishAsync(e.Topic, e.Buffer.AsMemory(0, e.Length), e.ContentType!, e.ExpirySeconds, e.Retain, cancellationToken)
                .ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(e.Buffer!);
        }

        _entries.Clear();
        Message = null!;
        Truth = null;
    }

    private readonly record struct Entry(
        string? Topic, byte[]? Buffer, int Length, string? ContentType, uint ExpirySeconds, bool Retain, AlarmReport Report);
}
