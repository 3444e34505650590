using System.Collections.Concurrent;
using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using MQTTnet;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Broker.Security;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Hardware;
using RovDsp.Bridge.State;
using RovDsp.Bridge.Workers;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Metrics;
using RovDsp.Processing.Topics;

namespace RovDsp.Bridge.Service;

/// <summary>
/// The bridge: subscribes to the vehicle's raw topics, hands each sensor's messages to that sensor's own worker
/// (decoder + pipeline), publishes processed feeds, keeps a retained status with a last will, reports rejected
/// input on the errors topic at a bounded rate and publishes metrics. With no broker configured it runs the
/// embedded one. The MQTT receive handler only routes and copies; everything else happens on the workers.
/// </summary>
public sealed class BridgeService : IAsyncDisposable, IFeedSink
{
    private readonly BridgeOptions _options;
    private readonly ISensorHandlerFactory _factory;
    private readonly VehicleStateKeeper? _state;
    private readonly ConcurrentDictionary<string, SensorWorker?> _workers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private EmbeddedBroker? _broker;
    private MqttLink? _link;
    private MqttLink? _bulkLink;
    private Task? _background;
    private long _rawReceived;
    private readonly string _rawPrefix;
    private readonly List<MQTTnet.Packets.MqttUserProperty> _encodingProperties = [new("encoding-version", EncodingVersion)];
    private bool _inProcess;
    private long _injectionsDropped;
    private readonly SensorGate _sensorGate;
    private int _refusedTopicsRemembered;
    private volatile string? _warning;

    // MQTT 5 user property on every feed: consumers check it before parsing.
    private static readonly ReadOnlyMemory<byte> EncodingVersion = "3"u8.ToArray();
    private readonly FeedMessageCache _messages = new(EncodingVersion);
    private readonly BridgeTelemetry _telemetry;

    /// <summary>Creates the service; nothing runs until <see cref="StartAsync"/>.</summary>
    public BridgeService(BridgeOptions options, ISensorHandlerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factory);
        options.Validate();
        _options = options;
        Topics = new TopicScheme(options.Vehicle);
        _rawPrefix = Topics.Root + "/raw/";
        Errors = new ErrorReporter(options.ErrorReportsPerSecond);
        Alarms = new AlarmHub(Topics, options.AlarmRules) { Sink = this };
        _state = options.State is { } state ? new VehicleStateKeeper(state, options.Vehicle, Errors, Alarms) : null;
        _factory = _state is null ? factory : new StateKeepingHandlerFactory(factory, _state);
        Context = new HandlerContext(Topics, this, Errors, Processing, EndToEnd, Alarms);
        _telemetry = new BridgeTelemetry(this, options);
        _sensorGate = new SensorGate(options.Sensors);
    }

    /// <summary>The alarm rules over all feeds.</summary>
    public AlarmHub Alarms { get; }

    /// <summary>What the sensor handlers share.</summary>
    public HandlerContext Context { get; }

    /// <summary>The topic names in use.</summary>
    public TopicScheme Topics { get; }

    /// <summary>Rejected-input accounting.</summary>
    public ErrorReporter Errors { get; }

    /// <summary>Time from the MQTT receive handler seeing a raw message to its feeds being handed to the client.</summary>
    public LatencyRecorder EndToEnd { get; } = new();

    /// <summary>Time a handler spent decoding and processing one message (recorded by the handlers).</summary>
    public LatencyRecorder Processing { get; } = new();

    /// <summary>The broker the bridge is connected to.</summary>
    public BrokerEndpoint? Endpoint { get; private set; }

    /// <summary>Device links the bridge drives (Modbus PLC, sonars): their state in status, their counters in metrics.</summary>
    public HardwareLinks Hardware { get; } = new();
    /// <summary>The vehicle's state across restarts (null when <see cref="BridgeOptions.State"/> is not set).</summary>
    public VehicleStateKeeper? State => _state;

    /// <summary>The embedded broker, when the bridge runs one.</summary>
    public EmbeddedBroker? EmbeddedBroker => _broker;

    /// <summary>The MQTT link (null before start).</summary>
    public MqttLink? Link => _link;

    /// <summary>Whether the bridge works inside its embedded broker (<see cref="BridgeOptions.EmbeddedInProcess"/>):
    /// raw messages taken and JSON feeds handed over in process, not over the links. In metrics as <c>inProcess</c>.</summary>
    public bool InProcess => _inProcess;

    /// <summary>JSON feeds not handed to the embedded broker because it was stopped (in process; over the links such
    /// feeds count in the link's <see cref="MqttLink.PublishesDropped"/>).</summary>
    public long InjectionsDropped => Interlocked.Read(ref _injectionsDropped);

    /// <summary>The bulk connection (null before start): it publishes the PNG image feeds, and (unless the bridge works
    /// <see cref="InProcess"/>) is subscribed to every raw topic, handling the bulk kinds (multibeam frames) and anything
    /// the prompt connection's filters do not take (unknown kinds, bad topics). Keeping 180 KB frames and images off <see cref="Link"/> means a ping or a
    /// slurry sample never queues behind one on a TCP stream (head-of-line blocking was most of their end-to-end
    /// p99 at the realistic mix).</summary>
    public MqttLink? BulkLink => _bulkLink;

    /// <summary>Feed messages reused per topic.</summary>
    public FeedMessageCache Messages => _messages;

    /// <summary>Raw messages received.</summary>
    public long RawReceived => Interlocked.Read(ref _rawReceived);

    /// <summary>The workers, by raw topic (null for topics that were refused).</summary>
    public IReadOnlyDictionary<string, SensorWorker?> Workers => _workers;

    /// <summary>Starts the embedded broker if no broker is configured, connects, subscribes and starts
    /// publishing metrics and error reports.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // The checkpoint is read before anything can deliver a message, so the first one finds it.
        if (_state?.Restore() is { } restored)
        {
            _options.State!.Log?.Invoke(restored);
        }

        if (_options.Broker is null)
        {
            var embedded = (_options.Embedded ?? new EmbeddedBrokerOptions()) with
            {
                Port = _options.EmbeddedPort,
                BridgeClientId = _options.ClientId,
                BridgeUserName = _options.UserName ?? "rovdsp-bridge",
            };
            if (_options.EmbeddedAddress is { } address)
            {
                embedded = embedded with { Addresses = [address] };
            }

            _broker = await EmbeddedBroker.StartAsync(embedded, _options.BrokerLimits, _options.EmbeddedAdapters).ConfigureAwait(false);
            _broker.Refusals.Reporter = Errors.Report;
            _broker.Security.Refused += OnBrokerRefused;
            Endpoint = new BrokerEndpoint(_broker.Address.ToString(), _broker.Port, false);
        }
        else
        {
            Endpoint = _options.Broker;
        }

        // With the embedded broker the raw messages are taken inside it and JSON feeds handed to it (one MQTT hop in
        // all); the links then subscribe to nothing and carry images and the status. Hooked before any client
        // connects, so no raw message can slip past.
        var inProcess = _broker is not null && _options.EmbeddedInProcess;
        _inProcess = inProcess;
        if (inProcess)
        {
            _broker!.Server.InterceptingPublishAsync += OnBrokerPublishAsync;
        }

        _link = new MqttLink(
            new MqttLinkOptions
            {
                Endpoint = Endpoint,
                ClientId = _options.ClientId,
                UserName = LocalCredentials.UserName,
                Password = LocalCredentials.Password,
                Tls = _options.Tls,
                Observer = _options.LinkObserver,
                // Acknowledgements come over the link from an external broker; in process the broker hands them over.
                Subscriptions = inProcess ? [] : _options.RawIntake == RawIntake.Own
                    ? [.. Topics.PromptRawFilters.Select(f => (f, 1)), (Topics.AlarmsAck, 1)]
                    : [(Topics.AlarmsAck, 1)],
                WillTopic = Topics.Status,
                WillPayload = _telemetry.StatusJson("offline", "connection lost"),
                Reconnect = _options.Reconnect,
                SessionExpiry = _options.RawSessionExpiry,
            },
            OnRawMessageAsync)
        {
            // A reconnection after refused attempts (a password changed, then fixed) says so in the status.
            Connected = link => _telemetry.PublishStatusAsync(link, "online", link.LastOutage, _stop.Token),
        };
        _bulkLink = new MqttLink(
            new MqttLinkOptions
            {
                Endpoint = Endpoint,
                ClientId = _options.ClientId + "-bulk",
                UserName = LocalCredentials.UserName,
                Password = LocalCredentials.Password,
                Tls = _options.Tls,
                Observer = _options.LinkObserver,
                Subscriptions = inProcess || _options.RawIntake == RawIntake.AllRouted ? [] : [(Topics.RawFilter, 1)],
                Reconnect = _options.Reconnect,
                SessionExpiry = _options.RawSessionExpiry,
            },
            OnBulkMessageAsync);
        await _link.StartAsync(_options.FirstConnectTimeout, cancellationToken).ConfigureAwait(false);
        await _bulkLink.StartAsync(_options.FirstConnectTimeout, cancellationToken).ConfigureAwait(false);
        _background = Task.WhenAll(
            Task.Run(() => _telemetry.PublishErrorsAsync(_stop.Token), CancellationToken.None),
            Task.Run(() => _telemetry.PublishMetricsAsync(_stop.Token), CancellationToken.None),
            Task.Run(() => _telemetry.PublishHardwareChangesAsync(_stop.Token), CancellationToken.None),
            Task.Run(() => TickAlarmsAsync(_stop.Token), CancellationToken.None),
            _state is null ? Task.CompletedTask : Task.Run(() => _state.RunAsync(_stop.Token), CancellationToken.None));
    }

    /// <summary>The credentials the bridge's links use: with the embedded broker its per-run secret (the broker
    /// trusts them as the bridge's own and reserves the bridge's client ids for them), else the configured ones.
    /// Tools inside the bridge's process (player, Ping driver) use them too.</summary>
    public (string? UserName, string? Password) LocalCredentials => _broker is not null
        ? (_broker.Security.BridgeUserName, _broker.Security.BridgeSecret)
        : (_options.UserName, _options.Password);

    // Refusals by the embedded broker's ACL and password file go to the errors topic (rate-limited, counted).
    private void OnBrokerRefused(BrokerRefusal refusal) =>
        Errors.Report(refusal.Topic ?? "client " + refusal.ClientId, refusal.Reason,
            $"client '{refusal.ClientId}'{(refusal.User is null ? " (no user)" : $" user '{refusal.User}'")}: {refusal.Detail}");

    // The bulk connection sees every raw topic; the prompt connection's topics are handled there only.
    private Task OnBulkMessageAsync(MqttApplicationMessageReceivedEventArgs e) =>
        Topics.IsPromptRaw(e.ApplicationMessage.Topic) ? Task.CompletedTask : OnRawMessageAsync(e);

    // Runs on the publishing client's receive loop inside the broker, like a link's handler on its own: it copies the
    // payload into the sensor's bounded queue and returns (a full slurry queue holds that publisher's connection,
    // as it would hold the bridge's subscription otherwise). The bridge's own publishes are feeds, never raw.
    // A publish the broker's ACL refused is not processed here either.
    private Task OnBrokerPublishAsync(MQTTnet.Server.InterceptingPublishEventArgs e) =>
        e.ProcessPublish && e.ApplicationMessage.Topic.StartsWith(_rawPrefix, StringComparison.Ordinal)
            ? OnRawMessageAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload)
            : e.ApplicationMessage.Topic == Topics.AlarmsAck
                ? OnAcknowledgementAsync(e.ApplicationMessage.Payload)
                : Task.CompletedTask;

    private Task OnRawMessageAsync(MqttApplicationMessageReceivedEventArgs e) =>
        e.ApplicationMessage.Topic == Topics.AlarmsAck
            ? OnAcknowledgementAsync(e.ApplicationMessage.Payload)
            : OnRawMessageAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);

    /// <summary>Error source of refused acknowledgements.</summary>
    public const string AcknowledgementSource = "alarms/ack";

    // {"alarm":"<rule name>"} from a console; anything else is refused with a reason on the errors topic.
    private async Task OnAcknowledgementAsync(ReadOnlySequence<byte> payload)
    {
        string? alarm = null;
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("alarm", out var name)
                && name.ValueKind == JsonValueKind.String)
            {
                alarm = name.GetString();
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        if (alarm is null)
        {
            Errors.Report(AcknowledgementSource, "bad-ack", "an acknowledgement must be JSON {\"alarm\":\"<alarm name>\"}");
            return;
        }

        if (!await Alarms.AcknowledgeAsync(alarm, _stop.Token).ConfigureAwait(false))
        {
            Errors.Report(AcknowledgementSource, "unknown-alarm", $"no alarm is named '{alarm}'");
        }
    }

    /// <summary>Hands one raw message of this vehicle to its sensor's worker, as the service's own subscription would:
    /// how a fleet host (<see cref="RawIntake.PromptRouted"/>, <see cref="RawIntake.AllRouted"/>) routes what its
    /// shared connection received. The payload is copied before this returns.</summary>
    public Task PostRawAsync(string topic, in ReadOnlySequence<byte> payload) => OnRawMessageAsync(topic, payload);

    /// <summary>A problem of the whole service said in its retained status (<c>"warning"</c>) until replaced, such as
    /// interleaved sequence numbers under a shared subscription; null for none.</summary>
    public string? Warning => _warning;

    /// <summary>Sets <see cref="Warning"/> and publishes the status again at once, so pilots' displays show it.</summary>
    public async Task WarnAsync(string warning, CancellationToken cancellationToken)
    {
        _warning = warning;
        if (_link is { IsConnected: true } link)
        {
            await _telemetry.PublishStatusAsync(link, "online", null, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task OnRawMessageAsync(string topic, in ReadOnlySequence<byte> payload)
    {
        var received = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _rawReceived);
        if (!_workers.TryGetValue(topic, out var worker))
        {
            worker = CreateWorker(topic);
        }
        else if (worker is null)
        {
            Errors.Report(topic, "refused-topic", "no pipeline takes this topic (see the first report for why)");
        }

        if (worker is null)
        {
            return Task.CompletedTask;
        }

        var posted = worker.PostAsync(payload, received, _stop.Token);
        return posted.IsCompletedSuccessfully ? Task.CompletedTask : posted.AsTask();
    }

    private SensorWorker? CreateWorker(string topic)
    {
        SensorWorker? worker = null;
        if (!Topics.TryParseRaw(topic, out var kind, out var sensor))
        {
            Errors.Report(topic, "bad-topic", "not a raw topic of the form rov/{vehicle}/raw/{kind}/{sensor}");
        }
        else if (!_sensorGate.TryAdmit(sensor, out var refused))
        {
            Errors.Report(topic, "sensor-refused", refused);
        }
        else
        {
            var handler = _factory.Create(kind, sensor, Context, out var refusal);
            if (handler is null)
            {
                Errors.Report(topic, "unknown-sensor", refusal ?? "no pipeline is configured for this sensor");
            }
            else
            {
                var sonar = kind != RawKind.Slurry;
                worker = new SensorWorker(
                    TopicScheme.KindLevel(kind) + "/" + sensor,
                    sonar ? _options.SonarQueueCapacity : _options.SlurryQueueCapacity,
                    sonar ? OverflowPolicy.DropOldest : OverflowPolicy.NeverDrop,
                    handler);
            }
        }

        // A refused topic is remembered as null so a flood on it costs one dictionary lookup per message; its
        // messages are still counted as errors. Only so many are remembered: invented topics must not grow the map.
        if (worker is null && Interlocked.Increment(ref _refusedTopicsRemembered) > _options.Sensors.MaxRefusedTopicsRemembered)
        {
            Interlocked.Decrement(ref _refusedTopicsRemembered);
            return null;
        }

        return _workers.GetOrAdd(topic, worker);
    }

    /// <inheritdoc/>
    /// <remarks>Allocates nothing of ours per message once a topic has been seen (<see cref="FeedMessageCache"/>;
    /// the async state machine is pooled for the publishes MQTTnet does not complete synchronously).</remarks>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, string contentType, uint expirySeconds,
        bool retain, CancellationToken cancellationToken)
    {
        if (_inProcess && contentType.Contains("json", StringComparison.Ordinal))
        {
            if (!_broker!.IsStarted)
            {
                Interlocked.Increment(ref _injectionsDropped);
                return;
            }

            try
            {
                await InjectAsync(topic, payload, contentType, expirySeconds, retain, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (!_broker.IsStarted)
            {
                // Stopped between the check and the hand-over.
                Interlocked.Increment(ref _injectionsDropped);
            }

            return;
        }

        // Images (PNG, tens of KB) go over the bulk connection, JSON feeds and alarms over the prompt one.
        var link = _bulkLink is not null && !contentType.Contains("json", StringComparison.Ordinal) ? _bulkLink : _link;
        if (link is null)
        {
            return;
        }

        var lease = _messages.Rent(topic, payload, contentType, expirySeconds, retain);
        try
        {
            await link.PublishAsync(lease.Message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            FeedMessageCache.Return(lease);
        }
    }

    // The broker queues the message itself for each subscriber and sends it later, so unlike a client publish
    // (serialised before PublishAsync returns) it cannot point at the handler's reused buffer or the per-topic cached
    // message: one message and one payload copy per feed, the allocation MQTTnet.Server's injection needs.
    private Task InjectAsync(string topic, ReadOnlyMemory<byte> payload, string contentType, uint expirySeconds, bool retain,
        CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessage
        {
            Topic = topic,
            ContentType = contentType,
            Payload = new ReadOnlySequence<byte>(payload.ToArray()),
            MessageExpiryInterval = expirySeconds,
            Retain = retain,
            QualityOfServiceLevel = FeedMessageCache.QosFor(topic, retain),
            UserProperties = _encodingProperties,
        };
        return _broker!.Server.InjectApplicationMessage(
            new MQTTnet.Server.InjectedMqttApplicationMessage(message) { SenderClientId = _options.ClientId }, cancellationToken);
    }

    // Staleness must be noticed when a feed stops altogether, not only when another feed updates.
    private async Task TickAlarmsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await Alarms.TickAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>The metrics payload: raw counts, per-sensor queue figures, latency percentiles (µs), errors by
    /// reason and link health.</summary>
    public byte[] MetricsJson() => _telemetry.MetricsJson();

    /// <summary>Publishes a retained "offline" status, stops the workers (draining briefly), the link and the
    /// embedded broker.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_link is not null && _link.IsConnected)
        {
            try
            {
                await _telemetry.PublishStatusAsync(_link, "offline", "stopped", _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Best effort on the way out.
            }
        }

        if (_broker is not null)
        {
            // No raw message may reach a worker that is being disposed.
            _broker.Server.InterceptingPublishAsync -= OnBrokerPublishAsync;
            _broker.Security.Refused -= OnBrokerRefused;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_background is not null)
        {
            await _background.ConfigureAwait(false);
        }

        foreach (var (_, worker) in _workers)
        {
            if (worker is not null)
            {
                await worker.DisposeAsync().ConfigureAwait(false);
            }
        }

        // After the workers drained: a clean stop loses nothing of the day's count.
        _state?.Checkpoint();

        if (_bulkLink is not null)
        {
            await _bulkLink.DisposeAsync().ConfigureAwait(false);
        }

        if (_link is not null)
        {
            await _link.DisposeAsync().ConfigureAwait(false);
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
