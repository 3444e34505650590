using System.Buffers.Text;
using System.Collections.Concurrent;
using RovDsp.Processing.Feeds;

namespace RovDsp.Perf.Latency;

/// <summary>
/// The bridge's feed sink, wrapped so the harness knows when the bridge started publishing each JSON feed, keyed by
/// the feed's <c>t</c>: the subscriber then times the outbound leg (bridge publish call → broker → subscriber) of
/// that very message. Stamped before the publish call, so the entry always exists when the feed arrives.
/// </summary>
public sealed class FeedHandoffSink : IFeedSink
{
    private readonly IFeedSink _inner;
    private readonly ConcurrentDictionary<long, long> _handedNs = new();

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public FeedHandoffSink(IFeedSink inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc/>
    public ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, string contentType, uint expirySeconds, bool retain,
        CancellationToken cancellationToken)
    {
        if (TryReadStamp(payload.Span, out var t))
        {
            _handedNs[t] = HarnessClock.NowNs;
        }

        return _inner.PublishAsync(topic, payload, contentType, expirySeconds, retain, cancellationToken);
    }

    /// <summary>When the bridge started publishing the feed stamped <paramref name="t"/> (harness clock, ns), once.</summary>
    public bool TryTake(long t, out long handedNs) => _handedNs.TryRemove(t, out handedNs);

    /// <summary>Reads a JSON feed's leading <c>{"t":{"sec":S,"nsec":N}</c> (docs/topics.md) as ns since the epoch.</summary>
    public static bool TryReadStamp(ReadOnlySpan<byte> json, out long t)
    {
        t = 0;
        ReadOnlySpan<byte> head = "{\"t\":{\"sec\":"u8;
        ReadOnlySpan<byte> middle = ",\"nsec\":"u8;
        if (!json.StartsWith(head) || !Utf8Parser.TryParse(json[head.Length..], out long sec, out var used))
        {
            return false;
        }

        var rest = json[(head.Length + used)..];
        if (!rest.StartsWith(middle) || !Utf8Parser.TryParse(rest[middle.Length..], out long nsec, out _))
        {
            return false;
        }

        t = sec * 1_000_000_000L + nsec;
        return true;
    }
}
