using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace RovDsp.Bridge.Broker.Limits;

/// <summary>
/// The limits the broker can only check once a packet is parsed, on MQTTnet.Server's interception events: topic and
/// filter length, the retained store (count and bytes), and each client's outgoing queue in bytes. A client's
/// queued bytes are estimated as the bytes of messages enqueued for it since it connected (plus those enqueued while
/// it was away) minus the bytes its connection has written; over <see cref="BrokerLimits.MaxQueuedBytesPerClient"/>
/// its new messages are not queued (each counted as <c>queue-full</c>) and it is disconnected once
/// (<c>slow-consumer</c>). MQTTnet.Server's queue is counted in messages only, so a subscriber to <c>rov/#</c> that
/// never reads used to hold thousands of sonar frames.
/// </summary>
internal sealed class BrokerLimitHooks
{
    private readonly BrokerLimits _limits;
    private readonly BrokerRefusals _refusals;
    private readonly IReadOnlyList<IGuardedTransport> _transports;
    private readonly ConcurrentDictionary<string, ClientQueue> _queues = new(StringComparer.Ordinal);
    private readonly Lock _retainedLock = new();
    private Dictionary<string, long> _retained = new(StringComparer.Ordinal);
    private long _retainedBytes;

    private BrokerLimitHooks(BrokerLimits limits, BrokerRefusals refusals, IReadOnlyList<IGuardedTransport> transports)
    {
        _limits = limits;
        _refusals = refusals;
        _transports = transports;
    }

    /// <summary>Hooks the limits on <paramref name="server"/> (before anything else handles its events).</summary>
    public static BrokerLimitHooks Attach(MqttServer server, BrokerLimits limits, BrokerRefusals refusals, IReadOnlyList<IGuardedTransport> transports)
    {
        var hooks = new BrokerLimitHooks(limits, refusals, transports);
        server.InterceptingPublishAsync += hooks.OnPublishAsync;
        server.InterceptingSubscriptionAsync += hooks.OnSubscribeAsync;
        server.RetainedMessageChangedAsync += hooks.OnRetainedChangedAsync;
        server.RetainedMessagesClearedAsync += _ =>
        {
            lock (hooks._retainedLock)
            {
                hooks._retained = new(StringComparer.Ordinal);
                hooks._retainedBytes = 0;
            }

            return Task.CompletedTask;
        };
        server.InterceptingClientEnqueueAsync += hooks.OnEnqueueAsync;
        server.ClientConnectedAsync += hooks.OnConnectedAsync;
        server.ClientDisconnectedAsync += hooks.OnDisconnectedAsync;
        server.SessionDeletedAsync += e =>
        {
            hooks._queues.TryRemove(e.Id, out _);
            return Task.CompletedTask;
        };
        return hooks;
    }

    /// <summary>Retained messages stored, as last told by the broker.</summary>
    public int RetainedCount
    {
        get
        {
            lock (_retainedLock)
            {
                return _retained.Count;
            }
        }
    }

    /// <summary>Bytes of retained payloads stored.</summary>
    public long RetainedBytes
    {
        get
        {
            lock (_retainedLock)
            {
                return _retainedBytes;
            }
        }
    }

    private Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        var topic = message.Topic ?? string.Empty;
        if (topic.Length > _limits.MaxTopicLength)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.TopicNameInvalid;
            _refusals.Refuse("topic-too-long", topic, $"a {topic.Length}-character topic from '{BrokerRefusals.Truncate(e.ClientId ?? "", 64)}' (at most {_limits.MaxTopicLength})");
            return Task.CompletedTask;
        }

        if (message.Retain && message.Payload.Length > 0)
        {
            string? why = null;
            lock (_retainedLock)
            {
                var existing = _retained.TryGetValue(topic, out var b) ? b : -1;
                var count = _retained.Count + (existing < 0 ? 1 : 0);
                var bytes = _retainedBytes - Math.Max(0, existing) + message.Payload.Length;
                if (count > _limits.MaxRetainedMessages)
                {
                    why = $"{_limits.MaxRetainedMessages} retained messages are stored already";
                }
                else if (bytes > _limits.MaxRetainedBytes)
                {
                    why = $"retaining {message.Payload.Length} more bytes would exceed {_limits.MaxRetainedBytes}";
                }
            }

            if (why is not null)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
                _refusals.Refuse("retained-limit", topic, why);
            }
        }

        return Task.CompletedTask;
    }

    private Task OnSubscribeAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter?.Topic ?? string.Empty;
        if (filter.Length > _limits.MaxTopicLength)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.TopicFilterInvalid;
            _refusals.Refuse("topic-too-long", filter, $"a {filter.Length}-character filter (at most {_limits.MaxTopicLength})");
        }

        return Task.CompletedTask;
    }

    private Task OnRetainedChangedAsync(RetainedMessageChangedEventArgs e)
    {
        // The broker hands its whole store after each change: rebuild from it, so nothing drifts.
        var stored = new Dictionary<string, long>(e.StoredRetainedMessages.Count, StringComparer.Ordinal);
        long bytes = 0;
        foreach (var m in e.StoredRetainedMessages)
        {
            stored[m.Topic] = m.Payload.Length;
            bytes += m.Payload.Length;
        }

        lock (_retainedLock)
        {
            _retained = stored;
            _retainedBytes = bytes;
        }

        return Task.CompletedTask;
    }

    private Task OnConnectedAsync(ClientConnectedEventArgs e)
    {
        var queue = _queues.GetOrAdd(e.ClientId, static _ => new ClientQueue());
        var stream = Find(e.RemoteEndPoint);
        stream?.MarkClient();
        lock (queue)
        {
            // A fresh start: what was queued while it was away is sent now, at most one limit's worth.
            queue.Stream = stream;
            queue.Endpoint = e.RemoteEndPoint?.ToString();
            queue.Enqueued = 0;
            queue.Sent = 0;
            queue.Baseline = stream?.BytesWritten ?? 0;
            queue.Disconnecting = false;
        }

        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        if (_queues.TryGetValue(e.ClientId, out var queue))
        {
            lock (queue)
            {
                if (queue.Endpoint == e.RemoteEndPoint?.ToString() && queue.Stream is { } stream)
                {
                    queue.Sent += stream.BytesWritten - queue.Baseline;
                    queue.Stream = null;
                }
            }
        }

        return Task.CompletedTask;
    }

    private Task OnEnqueueAsync(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        var message = e.ApplicationMessage;
        // Payload, topic and a fixed header's worth: what the PUBLISH will take on the wire, near enough.
        var size = message.Payload.Length + (message.Topic?.Length ?? 0) + 16;
        var queue = _queues.GetOrAdd(e.ReceiverClientId, static _ => new ClientQueue());
        IGuardedConnection? disconnect = null;
        long queued;
        lock (queue)
        {
            queued = queue.Enqueued - queue.Sent - (queue.Stream is { } s ? s.BytesWritten - queue.Baseline : 0);
            if (queued + size <= _limits.MaxQueuedBytesPerClient)
            {
                queue.Enqueued += size;
                return Task.CompletedTask;
            }

            if (queue.Stream is not null && !queue.Disconnecting)
            {
                queue.Disconnecting = true;
                disconnect = queue.Stream;
            }
        }

        e.AcceptEnqueue = false;
        _refusals.Refuse("queue-full", e.ReceiverClientId, $"{queued} bytes queued for this client (at most {_limits.MaxQueuedBytesPerClient}); a {size}-byte message on '{BrokerRefusals.Truncate(message.Topic ?? "", 80)}' not queued");
        if (disconnect is not null)
        {
            disconnect.Abort();
            _refusals.Refuse("slow-consumer", e.ReceiverClientId, $"disconnected: {queued} bytes queued and not read");
        }

        return Task.CompletedTask;
    }

    private sealed class ClientQueue
    {
        public long Enqueued;
        public long Sent;
        public long Baseline;
        public IGuardedConnection? Stream;
        public string? Endpoint;
        public bool Disconnecting;
    }

    // The connection's guarded stream or WebSocket, on whichever way in (plain, TLS or WebSocket) took it.
    private IGuardedConnection? Find(System.Net.EndPoint? remoteEndPoint)
    {
        foreach (var transport in _transports)
        {
            if (transport.Find(remoteEndPoint) is { } stream)
            {
                return stream;
            }
        }

        return null;
    }
}
