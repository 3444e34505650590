using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;

namespace RovDsp.Bridge.Fleet;

/// <summary>
/// Many vehicles in one bridge: one <see cref="BridgeService"/> per vehicle (its own workers, pipelines, alarms,
/// status, metrics and MQTT connections, hence its own last will: a will belongs to a connection), started for the
/// vehicles named (<c>--vehicles rov1,rov2</c>) or as they are discovered (<c>--vehicles +</c>) up to
/// <see cref="FleetOptions.MaxVehicles"/>, restricted to this bridge's <see cref="ShardAssignment"/> or fed by an
/// MQTT 5 shared subscription (<see cref="FleetOptions.ShareGroup"/>). A retained fleet status on
/// <c>rovdsp/fleet/{client id}/status</c> (with its own last will) says which vehicles this bridge serves and what it
/// refused.
/// </summary>
/// <remarks>Discovering means one more connection (the intake) subscribed to <c>rov/+/raw/{kind}/+</c> for the prompt
/// kinds (or, in a share group, to <c>$share/{group}/rov/+/raw/#</c>); it routes each message to its vehicle's service
/// and only copies, so one vehicle's slow pipeline does not hold another's (each sensor has its own worker). A vehicle
/// the intake sees before its service is connected waits for that connection, so no message of it is lost.</remarks>
public sealed class VehicleFleet : IAsyncDisposable
{
    /// <summary>Topic of a fleet bridge's retained status.</summary>
    public static string StatusTopic(string clientId) => $"rovdsp/fleet/{clientId}/status";

    // Refused vehicle ids remembered, to count each once (beyond it every message of an id not remembered counts as
    // one more, an overcount rather than unbounded memory); the first of them are said on the log, the rest only counted.
    private const int RefusedIdsRemembered = 1024;
    private const int RefusedIdsSaid = 64;

    private readonly FleetOptions _options;
    private readonly ISensorHandlerFactory _factory;
    private readonly TextWriter _log;
    private readonly ConcurrentDictionary<string, Unit> _units = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refusedIds = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _statusTopic;
    private MqttLink? _host;
    private MqttLink? _intake;
    private Task? _background;
    private long _vehiclesRefused;
    private long _messagesRefused;
    private long _messagesElsewhere;
    private long _messagesBadTopic;
    private long _interleavings;
    private long _unitFailures;

    /// <summary>Creates the fleet; nothing runs until <see cref="StartAsync"/>.</summary>
    public VehicleFleet(FleetOptions options, ISensorHandlerFactory factory, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        if (!TopicScheme.IsValidLevel(options.Unit.ClientId))
        {
            throw new BridgeConfigurationException("client-id", $"'{options.Unit.ClientId}' must be 1–64 letters, digits, '-' or '_' with several vehicles (it is a topic level of the fleet status)");
        }

        _options = options;
        _factory = factory;
        _log = log;
        _statusTopic = StatusTopic(options.Unit.ClientId);
    }

    /// <summary>The services by vehicle id (those still connecting included).</summary>
    public IReadOnlyDictionary<string, BridgeService> Vehicles =>
        _units.Where(u => u.Value.Started.IsCompletedSuccessfully).ToDictionary(u => u.Key, u => u.Value.Service, StringComparer.Ordinal);

    /// <summary>Discovered vehicles refused because <see cref="FleetOptions.MaxVehicles"/> were served already (each id
    /// once for the first 1,024 ids; beyond, each message of another id counts one more).</summary>
    public long VehiclesRefused => Interlocked.Read(ref _vehiclesRefused);

    /// <summary>Raw messages of refused vehicles (dropped).</summary>
    public long MessagesRefused => Interlocked.Read(ref _messagesRefused);

    /// <summary>Raw messages of vehicles another shard owns (ignored: discovery sees every vehicle).</summary>
    public long MessagesElsewhere => Interlocked.Read(ref _messagesElsewhere);

    /// <summary>Raw messages whose vehicle level is not a valid id (dropped).</summary>
    public long MessagesBadTopic => Interlocked.Read(ref _messagesBadTopic);

    /// <summary>Sensors whose sequence numbers were found interleaved (<see cref="SequenceInterleaveDetector"/>).</summary>
    public long Interleavings => Interlocked.Read(ref _interleavings);

    /// <summary>Vehicles whose service failed to start (retried on their next message after a pause).</summary>
    public long UnitFailures => Interlocked.Read(ref _unitFailures);

    /// <summary>The intake connection (discovery or share group), or null.</summary>
    public MqttLink? Intake => _intake;

    /// <summary>Connects the fleet status, starts the named vehicles (those of this shard) or the discovery intake.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var unit = _options.Unit;
        _host = new MqttLink(LinkOptions("-fleet") with
        {
            WillTopic = _statusTopic,
            WillPayload = StatusJson("offline", "connection lost"),
        })
        {
            // "online" only once every vehicle and the intake are subscribed (a watcher may start publishing on it);
            // on a reconnection at once.
            Connected = link => _background is null ? Task.CompletedTask : PublishStatusAsync(link, "online", _stop.Token),
        };
        await _host.StartAsync(unit.FirstConnectTimeout, cancellationToken).ConfigureAwait(false);
        foreach (var vehicle in _options.Vehicles)
        {
            if (_options.Shard is { } shard && !shard.Owns(vehicle))
            {
                continue;
            }

            var started = GetOrStart(vehicle)!;
            await started.Started.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_options.Discover)
        {
            var filters = _options.ShareGroup is { } group
                ? [($"$share/{group}/rov/+/raw/#", 1)]
                : Enum.GetValues<RawKind>().Where(k => !TopicScheme.IsBulk(k)).Select(k => ($"rov/+/raw/{TopicScheme.KindLevel(k)}/+", 1)).ToList();
            _intake = new MqttLink(LinkOptions("-intake") with
            {
                Subscriptions = filters,
                // Like a vehicle's own raw subscription: a short outage or a restart in place resumes the session and
                // receives what was queued meanwhile.
                SessionExpiry = unit.RawSessionExpiry,
            }, OnIntakeAsync);
            await _intake.StartAsync(unit.FirstConnectTimeout, cancellationToken).ConfigureAwait(false);
        }

        _background = Task.Run(() => PublishStatusPeriodicallyAsync(_stop.Token), CancellationToken.None);
        await PublishStatusAsync(_host, "online", cancellationToken).ConfigureAwait(false);
        await _log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"fleet {unit.ClientId}: {(_options.Discover ? $"discovering vehicles (at most {_options.MaxVehicles})" : $"vehicles {string.Join(",", _units.Keys.Order(StringComparer.Ordinal))}")}{(_options.Shard is { } s ? $", shard {s}" : "")}{(_options.ShareGroup is { } g ? $", share group {g}" : "")}")).ConfigureAwait(false);
    }

    // A connection of the fleet itself, as the vehicles' own are configured (broker, credentials, TLS, backoff).
    private MqttLinkOptions LinkOptions(string suffix) => new()
    {
        Endpoint = _options.Unit.Broker!,
        ClientId = _options.Unit.ClientId + suffix,
        UserName = _options.Unit.UserName,
        Password = _options.Unit.Password,
        Tls = _options.Unit.Tls,
        Observer = _options.Unit.LinkObserver,
        Reconnect = _options.Unit.Reconnect,
    };

    // The intake: find the vehicle, start its service on first sight, check the sequence numbers, hand the message over.
    private async Task OnIntakeAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        var vehicle = VehicleOf(topic);
        if (vehicle is null)
        {
            Interlocked.Increment(ref _messagesBadTopic);
            return;
        }

        if (_options.Shard is { } shard && !shard.Owns(vehicle))
        {
            Interlocked.Increment(ref _messagesElsewhere);
            return;
        }

        var unit = GetOrStart(vehicle);
        if (unit is null)
        {
            return;
        }

        if (!unit.Started.IsCompleted)
        {
            try
            {
                await unit.Started.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttLinkException or OperationCanceledException or TimeoutException or IOException)
            {
                return;
            }
        }

        if (!unit.Started.IsCompletedSuccessfully)
        {
            return;
        }

        // Only a share group can hand part of a vehicle to another bridge; elsewhere a gap is a loss, not interleaving.
        if (_options.ShareGroup is not null && unit.Detector.Observe(topic, e.ApplicationMessage.Payload) is { } interleaved)
        {
            Interlocked.Increment(ref _interleavings);
            unit.Service.Errors.Report(topic, "interleaved", interleaved);
            await _log.WriteLineAsync($"rovdsp-bridge: WARNING vehicle {vehicle}: {interleaved}").ConfigureAwait(false);
            _ = unit.Service.WarnAsync(interleaved, _stop.Token);
        }

        await unit.Service.PostRawAsync(topic, e.ApplicationMessage.Payload).ConfigureAwait(false);
    }

    // rov/{vehicle}/raw/...: the vehicle level if it is a valid id, else null.
    private static string? VehicleOf(string topic)
    {
        if (!topic.StartsWith("rov/", StringComparison.Ordinal))
        {
            return null;
        }

        var end = topic.IndexOf('/', 4);
        if (end <= 4)
        {
            return null;
        }

        var vehicle = topic[4..end];
        return TopicScheme.IsValidLevel(vehicle) ? vehicle : null;
    }

    private Unit? GetOrStart(string vehicle)
    {
        if (_units.TryGetValue(vehicle, out var unit))
        {
            if (!unit.Started.IsFaulted && !unit.Started.IsCanceled)
            {
                return unit;
            }

            if (DateTime.UtcNow < unit.RetryAfter)
            {
                Interlocked.Increment(ref _messagesRefused);
                return null;
            }

            _units.TryRemove(new KeyValuePair<string, Unit>(vehicle, unit));
        }

        // Beyond the maximum a vehicle is refused: counted, said once per id (a bounded number of ids), never allocated.
        if (_units.Count >= _options.MaxVehicles)
        {
            Interlocked.Increment(ref _messagesRefused);
            bool first;
            lock (_refusedIds)
            {
                first = _refusedIds.Count < RefusedIdsRemembered
                    ? _refusedIds.Add(vehicle)
                    : !_refusedIds.Contains(vehicle);
                if (first)
                {
                    Interlocked.Increment(ref _vehiclesRefused);
                }
            }

            if (first && VehiclesRefused <= RefusedIdsSaid)
            {
                _log.WriteLine($"rovdsp-bridge: vehicle {vehicle} refused: this bridge serves {_options.MaxVehicles} vehicles already (--max-vehicles); its messages are dropped and counted{(VehiclesRefused == RefusedIdsSaid ? $" (further refused vehicles are only counted, in {_statusTopic})" : "")}");
                _ = PublishStatusAsync(_host, "online", _stop.Token);
            }

            return null;
        }

        var service = new BridgeService(
            _options.Unit with
            {
                Vehicle = vehicle,
                ClientId = _options.Unit.ClientId + "-" + vehicle,
                RawIntake = !_options.Discover ? RawIntake.Own : _options.ShareGroup is null ? RawIntake.PromptRouted : RawIntake.AllRouted,
            },
            _factory);
        unit = new Unit(service);
        if (!_units.TryAdd(vehicle, unit))
        {
            return _units.GetValueOrDefault(vehicle);
        }

        unit.Started = StartUnitAsync(vehicle, unit);
        return unit;
    }

    private async Task StartUnitAsync(string vehicle, Unit unit)
    {
        try
        {
            await unit.Service.StartAsync(_stop.Token).ConfigureAwait(false);
            await _log.WriteLineAsync($"fleet {_options.Unit.ClientId}: vehicle {vehicle} started ({_units.Count} of at most {_options.MaxVehicles})").ConfigureAwait(false);
            if (_host is not null)
            {
                await PublishStatusAsync(_host, "online", _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MqttLinkException or TimeoutException or IOException)
        {
            Interlocked.Increment(ref _unitFailures);
            unit.RetryAfter = DateTime.UtcNow.AddSeconds(10);
            await _log.WriteLineAsync($"rovdsp-bridge: vehicle {vehicle} could not start: {ex.Message}; retried on its next message after 10 s").ConfigureAwait(false);
            await unit.Service.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task PublishStatusPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await PublishStatusAsync(_host, "online", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PublishStatusAsync(MqttLink? link, string state, CancellationToken cancellationToken)
    {
        if (link is null || !link.IsConnected)
        {
            return;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_statusTopic)
            .WithPayload(StatusJson(state, null))
            .WithContentType("application/json")
            .WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            await link.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>The fleet status: state, client, shard, share group, the vehicles served and what was refused.</summary>
    public string StatusJson(string state, string? detail)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("state", state);
            json.WriteString("client", _options.Unit.ClientId);
            JsonFeedBuffer.Time(json, "t", DateTime.UtcNow);
            if (detail is not null)
            {
                json.WriteString("detail", detail);
            }

            if (_options.Shard is { } shard)
            {
                json.WriteString("shard", shard.ToString());
            }

            if (_options.ShareGroup is { } group)
            {
                json.WriteString("shareGroup", group);
            }

            json.WriteNumber("maxVehicles", _options.MaxVehicles);
            json.WriteStartArray("vehicles");
            foreach (var (vehicle, unit) in _units.OrderBy(u => u.Key, StringComparer.Ordinal))
            {
                if (unit.Started is { IsCompletedSuccessfully: true })
                {
                    json.WriteStringValue(vehicle);
                }
            }

            json.WriteEndArray();
            json.WriteNumber("vehiclesRefused", VehiclesRefused);
            json.WriteNumber("messagesRefused", MessagesRefused);
            json.WriteNumber("messagesElsewhere", MessagesElsewhere);
            json.WriteNumber("messagesBadTopic", MessagesBadTopic);
            json.WriteNumber("interleavings", Interleavings);
            json.WriteNumber("unitFailures", UnitFailures);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Stops the intake (nothing more is routed), then every vehicle's service (each publishes its offline
    /// status), then the fleet status (offline).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_background is not null)
        {
            await _background.ConfigureAwait(false);
        }

        if (_intake is not null)
        {
            await _intake.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var (_, unit) in _units)
        {
            if (unit.Started is { IsCompletedSuccessfully: true })
            {
                await unit.Service.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (_host is not null)
        {
            if (_host.IsConnected)
            {
                await PublishStatusAsync(_host, "offline", CancellationToken.None).ConfigureAwait(false);
            }

            await _host.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    // One vehicle's service, its start and its sequence check.
    private sealed class Unit(BridgeService service)
    {
        public BridgeService Service { get; } = service;

        public Task Started { get; set; } = Task.CompletedTask;

        public DateTime RetryAfter { get; set; }

        public SequenceInterleaveDetector Detector { get; } = new();
    }
}
