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

    /// <summary>Reads a JSON feed's leading <c>{"t":&lt;ns&gt;</c> (docs/topics.md).</summary>
    public static bool TryReadStamp(ReadOnlySpan<byte> json, out long t)
    {
        t = 0;
        return json.StartsWith("{\"t\":"u8) && Utf8Parser.TryParse(json[5..], out t, out _);
    }
}
