using System.Buffers;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using RovDsp.Bridge.Connection;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Metrics;

namespace RovDsp.Bridge.Service;

/// <summary>
/// What a <see cref="BridgeService"/> says about itself: the retained status (and the last will that stands in for
/// it), the rate-limited error reports and the periodic metrics. Kept apart from the service so the routing of raw
/// messages and feeds reads on its own; it only reads the service's counters and publishes through it.
/// </summary>
internal sealed class BridgeTelemetry
{
    private readonly BridgeService _service;
    private readonly BridgeOptions _options;

    /// <summary>Reports on <paramref name="service"/>, configured by <paramref name="options"/>.</summary>
    public BridgeTelemetry(BridgeService service, BridgeOptions options)
    {
        _service = service;
        _options = options;
    }

    /// <summary>Publishes the retained status on <paramref name="link"/> (QoS 1, so a subscriber that comes later
    /// still sees the bridge's state).</summary>
    public async Task PublishStatusAsync(MqttLink link, string state, string? detail, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_service.Topics.Status)
            .WithPayload(StatusJson(state, detail))
            .WithContentType("application/json")
            .WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await link.PublishAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The status payload: state, vehicle, client, time and an optional detail.</summary>
    public string StatusJson(string state, string? detail)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("state", state);
            json.WriteString("vehicle", _options.Vehicle);
            json.WriteString("client", _options.ClientId);
            JsonFeedBuffer.Time(json, "t", DateTime.UtcNow);
            if (detail is not null)
            {
                json.WriteString("detail", detail);
            }

            if (_service.Warning is { } warning)
            {
                json.WriteString("warning", warning);
            }

            if (_service.EmbeddedBroker?.Options.Insecure == true)
            {
                // The operator chose an open broker beyond loopback (--insecure): pilots' displays can say so.
                json.WriteBoolean("insecure", true);
            }

            _service.Hardware.WriteStatus(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Publishes each error report as the <see cref="Processing.Feeds.ErrorReporter"/> lets it through,
    /// until <paramref name="cancellationToken"/> stops it.</summary>
    public async Task PublishErrorsAsync(CancellationToken cancellationToken)
    {
        var errors = _service.Errors;
        try
        {
            while (await errors.Pending.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (errors.Pending.TryRead(out var report))
                {
                    await _service.PublishAsync(_service.Topics.Errors, errors.ToJson(report), "application/json", 60, false, cancellationToken)
                        .ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Republishes the retained status when a device link (<see cref="BridgeService.Hardware"/>) comes or changes
    /// state, at most once a second (a flapping device cannot flood the status topic; the last state always goes out).</summary>
    public async Task PublishHardwareChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _service.Hardware.WaitForChangeAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_service.Link is { IsConnected: true } link)
                {
                    await PublishStatusAsync(link, "online", null, cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Publishes the metrics every <see cref="BridgeOptions.MetricsInterval"/>, each expiring after five
    /// intervals so a stale figure is never mistaken for a live one.</summary>
    public async Task PublishMetricsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.MetricsInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await _service.PublishAsync(_service.Topics.Metrics, MetricsJson(), "application/json",
                    (uint)Math.Max(1, Math.Ceiling(_options.MetricsInterval.TotalSeconds * 5)), false, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>The metrics payload: raw counts, per-sensor queue figures, latency percentiles (µs), errors by
    /// reason and link health.</summary>
    public byte[] MetricsJson()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            JsonFeedBuffer.Time(json, "t", DateTime.UtcNow);
            json.WriteString("client", _options.ClientId);
            json.WriteNumber("rawReceived", _service.RawReceived);
            json.WriteStartObject("processingUs");
            WriteLatency(json, _service.Processing);
            json.WriteEndObject();
            json.WriteStartObject("endToEndUs");
            WriteLatency(json, _service.EndToEnd);
            json.WriteEndObject();
            // Arrays of named entries, not objects keyed by name: a JSON Schema in the viewers' subset can only
            // declare keys it knows (TelemetrySchemas).
            json.WriteStartArray("sensors");
            foreach (var (_, worker) in _service.Workers)
            {
                if (worker is null)
                {
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("sensor", worker.Name);
                json.WriteNumber("handled", worker.Handled);
                json.WriteNumber("dropped", worker.Dropped);
                json.WriteNumber("failures", worker.Failures);
                json.WriteNumber("queued", worker.Depth);
                json.WriteNumber("backpressureWaits", worker.BackpressureWaits);
                json.WriteBoolean("backlogged", worker.IsBacklogged);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("errors");
            var errors = _service.Errors;
            json.WriteNumber("total", errors.Total);
            json.WriteNumber("suppressed", errors.Suppressed);
            WriteByReason(json, errors.Counts);
            json.WriteEndObject();
            json.WriteBoolean("inProcess", _service.InProcess);
            json.WriteNumber("injectionsDropped", _service.InjectionsDropped);
            WriteBroker(json, _service.EmbeddedBroker);
            WriteLink(json, "link", _service.Link);
            WriteLink(json, "bulkLink", _service.BulkLink);
            _service.Hardware.WriteMetrics(json);
            State.StateMetrics.Write(json, _service.State);

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // The embedded broker's refusals: security (password file, ACL, client ids) and limits (Broker/Limits), each
    // counted (absent with an external broker, whose own logs say).
    private static void WriteBroker(Utf8JsonWriter json, Broker.EmbeddedBroker? broker)
    {
        if (broker is null)
        {
            return;
        }

        var counters = broker.Security.Counters;
        json.WriteStartObject("broker");
        json.WriteStartObject("connectionsRefused");
        json.WriteNumber("badCredentials", counters.ConnectionsRefusedBadCredentials);
        json.WriteNumber("notAuthorized", counters.ConnectionsRefusedNotAuthorized);
        json.WriteNumber("clientId", counters.ConnectionsRefusedClientId);
        json.WriteEndObject();
        json.WriteNumber("publishesDenied", counters.PublishesDenied);
        json.WriteNumber("subscriptionsDenied", counters.SubscriptionsDenied);
        json.WriteNumber("deliveriesDenied", counters.DeliveriesDenied);
        json.WriteNumber("connections", broker.OpenConnections);
        json.WriteNumber("refused", broker.Refusals.Total);
        WriteByReason(json, broker.Refusals.Counts);
        json.WriteEndObject();
    }

    // "byReason": [{"reason": …, "count": …}], in reason order so successive payloads line up.
    private static void WriteByReason(Utf8JsonWriter json, IReadOnlyDictionary<string, long> counts)
    {
        json.WriteStartArray("byReason");
        foreach (var (reason, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("reason", reason);
            json.WriteNumber("count", count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteLink(Utf8JsonWriter json, string name, MqttLink? link)
    {
        if (link is null)
        {
            return;
        }

        json.WriteStartObject(name);
        json.WriteBoolean("connected", link.IsConnected);
        json.WriteNumber("connects", link.Connects);
        json.WriteNumber("disconnects", link.Disconnects);
        json.WriteNumber("publishesDropped", link.PublishesDropped);
        json.WriteNumber("messagesReceived", link.MessagesReceived);
        json.WriteNumber("failedAttempts", link.FailedAttempts);
        json.WriteNumber("publishesRefused", link.PublishesRefused);
        json.WriteNumber("subscriptionsRefused", link.SubscriptionsRefused);
        if (link.LastFailure is { } failure)
        {
            json.WriteString("lastFailure", failure.ToString());
        }

        json.WriteEndObject();
    }

    private static void WriteLatency(Utf8JsonWriter json, LatencyRecorder recorder)
    {
        json.WriteNumber("count", recorder.Count);
        json.WriteNumber("p50", recorder.Percentile(50));
        json.WriteNumber("p99", recorder.Percentile(99));
        json.WriteNumber("p999", recorder.Percentile(99.9));
        json.WriteNumber("max", recorder.Max);
    }
}
