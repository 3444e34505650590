using RovDsp.Bridge.Connection;
using RovDsp.Processing.Feeds;

namespace RovDsp.Perf.Latency;

/// <summary>
/// The outside subscriber: times every altitude, slurry and obstacles feed against the publish stamp it carries
/// (end to end) and against the moment the bridge handed it to its MQTT client (outbound), and counts all feeds.
/// Subclasses bring the client.
/// </summary>
public abstract class FeedSubscriber : IAsyncDisposable
{
    private readonly HarnessHandlerFactory _factory;
    private readonly long[] _feeds = new long[3];
    private long _total;

    /// <summary>Times feeds of the bridge built by <paramref name="factory"/>.</summary>
    protected FeedSubscriber(HarnessHandlerFactory factory) => _factory = factory ?? throw new ArgumentNullException(nameof(factory));

    /// <summary>Raw publish to feed received, by kind.</summary>
    public KindRecorders EndToEnd { get; } = new();

    /// <summary>Bridge publish call to feed received, by kind.</summary>
    public KindRecorders Outbound { get; } = new();

    /// <summary>Raw publish to the raw message received by this subscriber itself, by kind (pings and slurry
    /// samples; a subscriber that does not subscribe to raw topics leaves it empty): one bare MQTT hop at the same
    /// moment as the bridge's, the machine's own share of every end-to-end figure.</summary>
    public KindRecorders RawHop { get; } = new();

    /// <summary>Raw publish to the same raw message back at this subscriber after a native relay (mosquitto_sub piped
    /// into mosquitto_pub) has published it again, by kind (pings only; empty when there is no relay): two bare MQTT
    /// hops and no processing, the least any bridge's end-to-end could be through the same broker at that moment.</summary>
    public KindRecorders NativeRelay { get; } = new();

    /// <summary>Feeds received, all topics.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Timed feeds received of <paramref name="kind"/>.</summary>
    public long Feeds(MixKind kind) => Interlocked.Read(ref _feeds[(int)kind]);

    /// <summary>Connects to <paramref name="endpoint"/> and subscribes to <c>rov/{vehicle}/feed/#</c>; returns once
    /// the subscription is acknowledged.</summary>
    public abstract Task ConnectAsync(BrokerEndpoint endpoint, string vehicle, CancellationToken cancellationToken);

    /// <summary>Forgets what was received so far.</summary>
    public void Reset()
    {
        EndToEnd.Reset();
        Outbound.Reset();
        RawHop.Reset();
        NativeRelay.Reset();
        Interlocked.Exchange(ref _total, 0);
        for (var i = 0; i < _feeds.Length; i++)
        {
            Interlocked.Exchange(ref _feeds[i], 0);
        }
    }

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();

    /// <summary>Counts a feed that is not timed (images, alarms, status).</summary>
    protected void CountOther() => Interlocked.Increment(ref _total);

    /// <summary>Times one JSON feed: <paramref name="feed"/> is the topic's feed level, <paramref name="head"/> the
    /// payload's first bytes, <paramref name="receivedNs"/> the receive time on <see cref="HarnessClock"/>.</summary>
    protected void OnFeed(ReadOnlySpan<char> feed, ReadOnlySpan<byte> head, long receivedNs)
    {
        Interlocked.Increment(ref _total);
        MixKind kind;
        if (feed.SequenceEqual(FeedNames.Altitude))
        {
            kind = MixKind.Ping;
        }
        else if (feed.SequenceEqual(FeedNames.Slurry))
        {
            kind = MixKind.Slurry;
        }
        else if (feed.SequenceEqual(FeedNames.Obstacles))
        {
            kind = MixKind.Multibeam;
        }
        else
        {
            return;
        }

        // Every JSON feed starts {"t":{"sec":S,"nsec":N}, (docs/topics.md).
        if (FeedHandoffSink.TryReadStamp(head, out var t))
        {
            Interlocked.Increment(ref _feeds[(int)kind]);
            EndToEnd[kind].RecordMicroseconds((receivedNs - t) / 1000);
            if (_factory.Handoff is { } handoff && handoff.TryTake(t, out var handed))
            {
                Outbound[kind].RecordMicroseconds((receivedNs - handed) / 1000);
            }
        }
    }

    /// <summary>Times one raw message of <paramref name="kind"/> that carried the publish stamp
    /// <paramref name="publishedNs"/> and arrived at <paramref name="receivedNs"/> (both on <see cref="HarnessClock"/>).</summary>
    protected void OnRaw(MixKind kind, long publishedNs, long receivedNs) =>
        RawHop[kind].RecordMicroseconds((receivedNs - publishedNs) / 1000);

    /// <summary>Times one raw message of <paramref name="kind"/> relayed by the native relay (<see cref="NativeRelay"/>).</summary>
    protected void OnRelayed(MixKind kind, long publishedNs, long receivedNs) =>
        NativeRelay[kind].RecordMicroseconds((receivedNs - publishedNs) / 1000);

    /// <summary>The feed level of <c>rov/{v}/feed/{feed}/{sensor}</c>; empty for other topics.</summary>
    protected static ReadOnlySpan<char> FeedOf(ReadOnlySpan<char> topic)
    {
        Span<Range> parts = stackalloc Range[6];
        return topic.Split(parts, '/') == 5 && topic[parts[2]].SequenceEqual("feed") ? topic[parts[3]] : [];
    }
}
