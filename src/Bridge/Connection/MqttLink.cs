using MQTTnet;
using MQTTnet.Protocol;

namespace RovDsp.Bridge.Connection;

/// <summary>
/// One MQTT 5 client connection that stays up: it connects, subscribes, and when the broker goes away it
/// reconnects with capped, jittered backoff and subscribes again (MQTTnet 5 leaves this to the application).
/// The received-message handler is attached before the first connect (a message arriving between CONNACK and
/// the attach would otherwise be lost) and must be tiny: MQTTnet runs it on the one task that drains an
/// unbounded internal queue (dotnet/MQTTnet#1947), so anything slow there grows memory without bound. The
/// bridge's handler copies the payload into a bounded per-sensor queue and returns.
/// </summary>
public sealed class MqttLink : IAsyncDisposable
{
    private readonly MqttLinkOptions _options;
    private readonly IMqttClient _client;
    private readonly Func<MqttApplicationMessageReceivedEventArgs, Task>? _onMessage;
    private readonly CancellationTokenSource _stop = new();
    private readonly MqttClientOptions _clientOptions;
    private readonly LoadedTls? _tls;
    private string? _certificateProblem;
    private bool _certificateAccepted;
    private LinkFailure? _lastFailure;
    private long _publishesRefused;
    private readonly Dictionary<LinkFailureKind, (int Count, LinkFailure Last)> _outage = [];
    private string? _lastOutage;
    private long _subscriptionsRefused;
    private TaskCompletionSource _disconnected = NewSignal();
    private Task? _loop;
    private long _connects;
    private long _disconnects;
    private long _failedAttempts;
    private long _publishesDropped;
    private long _messagesReceived;
    private long _sessionsResumed;

    /// <summary>Creates the link; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Connection settings.</param>
    /// <param name="onMessage">Received-message handler (keep it tiny), or null for a publish-only link.</param>
    public MqttLink(MqttLinkOptions options, Func<MqttApplicationMessageReceivedEventArgs, Task>? onMessage = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        // Counted here, before the caller's handler, so every message the broker delivered to this connection is
        // counted whether the handler keeps it or not (the bulk link ignores the prompt link's topics).
        _onMessage = onMessage is null ? null : e =>
        {
            Interlocked.Increment(ref _messagesReceived);
            return onMessage(e);
        };
        _client = new MqttClientFactory().CreateMqttClient();
        if (options.Endpoint.UseTls)
        {
            _tls = (options.Tls ?? new MqttTlsOptions()).Load();
        }
        else if (options.Tls is { CaFile: not null } or { CertificateFile: not null })
        {
            throw new BridgeConfigurationException("tls", $"certificate files are given but {options.Endpoint} is not TLS (use mqtts:// or --tls)");
        }

        // Built once, here, so a bad setting fails at construction rather than inside the reconnect loop.
        _clientOptions = BuildClientOptions();
        if (_onMessage is not null)
        {
            _client.ApplicationMessageReceivedAsync += _onMessage;
        }

        _client.DisconnectedAsync += _ =>
        {
            _disconnected.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>Raised (on the link's loop) after every successful connection and resubscription: the place to
    /// publish a retained "online" status.</summary>
    public Func<MqttLink, Task>? Connected { get; set; }

    /// <summary>Whether the client is connected now.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Successful connections so far (1 + reconnections).</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Connections lost so far.</summary>
    public long Disconnects => Interlocked.Read(ref _disconnects);

    /// <summary>Connections on which the broker still held this client's session.</summary>
    public long SessionsResumed => Interlocked.Read(ref _sessionsResumed);

    /// <summary>Connection attempts that failed.</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Why the last connection attempt failed, for the status and the terminal view.</summary>
    public string? LastError => _lastFailure?.ToString();

    /// <summary>The last failure (connection attempt, refused subscription), classified; null when none yet.</summary>
    public LinkFailure? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>QoS 1 publishes the broker answered with a failure reason code (PUBACK NotAuthorized...).</summary>
    public long PublishesRefused => Interlocked.Read(ref _publishesRefused);

    /// <summary>Subscriptions the broker refused (SUBACK failure codes), counted at every (re)subscription.</summary>
    public long SubscriptionsRefused => Interlocked.Read(ref _subscriptionsRefused);

    /// <summary>What the attempts that failed before the current connection failed with, by kind ("2 failed attempt(s)
    /// before this connection: not authorised ×1 (...); unreachable ×1 (...)"), or null when it connected at once: for
    /// the status a reconnected bridge publishes.</summary>
    public string? LastOutage => Volatile.Read(ref _lastOutage);

    /// <summary>The link's options (endpoint, client id).</summary>
    public MqttLinkOptions Options => _options;

    /// <summary>Publishes skipped because the link was down.</summary>
    public long PublishesDropped => Interlocked.Read(ref _publishesDropped);

    /// <summary>Application messages the broker delivered to this connection (all of them, handled or ignored).</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    /// <summary>Connects (retrying with backoff until <paramref name="firstConnectTimeout"/>) and starts the
    /// reconnect loop. Throws <see cref="MqttLinkException"/> with the last attempt's classified failure if the first
    /// connection cannot be made in time, or if <paramref name="cancellationToken"/> stops the wait after attempts
    /// failed (so a short run still says why it never connected).</summary>
    public async Task StartAsync(TimeSpan firstConnectTimeout, CancellationToken cancellationToken = default)
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The link is already started.");
        }

        var firstConnect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = Task.Run(() => RunAsync(firstConnect), CancellationToken.None);
        var finished = await Task.WhenAny(firstConnect.Task, Task.Delay(firstConnectTimeout, cancellationToken)).ConfigureAwait(false);
        if (finished != firstConnect.Task)
        {
            var failure = LastFailure;
            await DisposeAsync().ConfigureAwait(false);
            // A stop while attempts are failing still says why they failed (a --duration shorter than the timeout
            // used to end in silence).
            if (cancellationToken.IsCancellationRequested && failure is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            throw new MqttLinkException(cancellationToken.IsCancellationRequested
                ? $"stopped before a connection to {_options.Endpoint} was made"
                : $"could not connect to {_options.Endpoint} within {firstConnectTimeout.TotalSeconds:0.#} s", failure);
        }
    }

    /// <summary>
    /// Publishes a raw sensor message at QoS 0 (the drivers' and players' loopback hop to the broker) without copying
    /// it: <paramref name="payload"/> is sent from where it lies, so it must not change until the returned task has
    /// completed (the drivers and the player reuse their buffer only after awaiting it). A 180–720 KB sonar frame
    /// every 100 ms is then not a large-object allocation each time. Dropped and counted as <see cref="PublishAsync"/>
    /// when the link is down.
    /// </summary>
    public ValueTask<bool> PublishRawAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        PublishAsync(new MqttApplicationMessage
        {
            Topic = topic,
            Payload = new System.Buffers.ReadOnlySequence<byte>(payload),
            QualityOfServiceLevel = MqttQualityOfServiceLevel.AtMostOnce,
        }, cancellationToken);

    /// <summary>Publishes when connected; when the link is down the message is counted in
    /// <see cref="PublishesDropped"/> and false is returned (feeds are live data: stale ones are worthless).</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
    {
        if (!_client.IsConnected)
        {
            Interlocked.Increment(ref _publishesDropped);
            return false;
        }

        try
        {
            var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            // QoS 0 has no answer; at QoS 1 the broker's PUBACK says whether it took the message (MQTT 5 reason code).
            if (message.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce
                && result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
            {
                Interlocked.Increment(ref _publishesRefused);
                var kind = result.ReasonCode == MqttClientPublishReasonCode.NotAuthorized ? LinkFailureKind.NotAuthorized : LinkFailureKind.Refused;
                _options.Observer?.OnPublishRefused(this, message.Topic, new LinkFailure(kind,
                    $"{_options.Endpoint} refused a publish to '{message.Topic}' (PUBACK {result.ReasonCode}{(string.IsNullOrEmpty(result.ReasonString) ? string.Empty : ": " + result.ReasonString)})"));
                return false;
            }

            return true;
        }
        // A broker that does not answer (a PUBACK timeout) or a link going down is a dropped publish even while the caller
        // is stopping (the final alarm tick at shutdown publishes with a cancelled token); only the caller's own
        // cancellation is not caught.
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Interlocked.Increment(ref _publishesDropped);
            return false;
        }
    }

    private async Task RunAsync(TaskCompletionSource firstConnect)
    {
        var attempt = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _disconnected = NewSignal();
                _certificateProblem = null;
                _certificateAccepted = false;
                var refusals = new List<LinkFailure>();
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                {
                    timeout.CancelAfter(_options.ConnectTimeout);
                    var result = await _client.ConnectAsync(_clientOptions, timeout.Token).ConfigureAwait(false);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        throw new MqttLinkException("refused", LinkFailure.FromConnectResult(result.ResultCode, result.ReasonString, _options.Endpoint));
                    }

                    if (result.IsSessionPresent)
                    {
                        Interlocked.Increment(ref _sessionsResumed);
                    }

                    // Subscribed again even when the broker kept the session: it is idempotent, and a broker that
                    // restarted without persistence has forgotten the subscriptions.
                    foreach (var (filter, qos) in _options.Subscriptions)
                    {
                        var subscribed = await _client.SubscribeAsync(filter, (MqttQualityOfServiceLevel)qos, timeout.Token).ConfigureAwait(false);
                        foreach (var item in subscribed.Items)
                        {
                            if ((int)item.ResultCode >= 0x80)
                            {
                                // The link stays up (other subscriptions and publishes may be allowed); the refusal is said.
                                Interlocked.Increment(ref _subscriptionsRefused);
                                var failure = new LinkFailure(
                                    item.ResultCode == MqttClientSubscribeResultCode.NotAuthorized ? LinkFailureKind.NotAuthorized : LinkFailureKind.Refused,
                                    $"{_options.Endpoint} refused the subscription to '{filter}' (SUBACK {item.ResultCode})");
                                Volatile.Write(ref _lastFailure, failure);
                                refusals.Add(failure);
                            }
                        }
                    }
                }

                attempt = 0;
                Volatile.Write(ref _lastOutage, _outage.Count == 0 ? null
                    : $"{_outage.Values.Sum(v => v.Count)} failed attempt(s) before this connection: "
                      + string.Join("; ", _outage.OrderBy(p => p.Key).Select(p => $"{p.Value.Last} (x{p.Value.Count})")));
                _outage.Clear();
                Interlocked.Increment(ref _connects);
                _options.Observer?.OnConnected(this);
                foreach (var refusal in refusals)
                {
                    _options.Observer?.OnFailure(this, refusal);
                }
                if (Connected is { } connected)
                {
                    await connected(this).ConfigureAwait(false);
                }

                firstConnect.TrySetResult();
                await _disconnected.Task.WaitAsync(_stop.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _disconnects);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must outlive any failure of one attempt; each is counted and retried.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _failedAttempts);
                var failure = LinkFailure.Classify(ex, _options.Endpoint, _certificateProblem, _tls?.ClientCertificate is not null,
                    _certificateAccepted, _options.ConnectTimeout);
                Volatile.Write(ref _lastFailure, failure);
                _outage[failure.Kind] = (_outage.TryGetValue(failure.Kind, out var seen) ? seen.Count + 1 : 1, failure);
                _options.Observer?.OnFailure(this, failure);
            }

            try
            {
                await Task.Delay(_options.Reconnect.NextDelay(attempt++), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private MqttClientOptions BuildClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithClientId(_options.ClientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(_options.SessionExpiry <= TimeSpan.Zero)
            .WithSessionExpiryInterval((uint)Math.Max(0, _options.SessionExpiry.TotalSeconds))
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.ConnectTimeout)
            // High-rate feed topics use aliases; the broker may grant up to this many.
            .WithTopicAliasMaximum(64)
            // MQTTnet's TCP channel sets TCP_NODELAY by default: Nagle would hold small feed messages ~40 ms.
            .WithTcpServer(_options.Endpoint.Host, _options.Endpoint.Port);
        if (_tls is { } tls)
        {
            var serverName = tls.Options.ServerName ?? _options.Endpoint.Host;
            builder = builder.WithTlsOptions(o =>
            {
                o.UseTls()
                    .WithTargetHost(serverName)
                    .WithRevocationMode(tls.Options.RevocationMode)
                    .WithCertificateValidationHandler(e =>
                    {
                        // Our own check (a chain built on the CA file alone); its reason is kept for the failure report.
                        var problem = tls.Check(e.Certificate, e.SslPolicyErrors, serverName);
                        _certificateProblem = problem;
                        _certificateAccepted = problem is null;
                        return problem is null;
                    });
                if (tls.ClientCertificate is { } certificate)
                {
                    o.WithClientCertificates([certificate]);
                }
            });
        }

        if (_options.UserName is not null)
        {
            builder = builder.WithCredentials(_options.UserName, _options.Password ?? string.Empty);
        }

        if (_options.WillTopic is not null)
        {
            builder = builder.WithWillTopic(_options.WillTopic)
                .WithWillPayload(_options.WillPayload)
                .WithWillRetain(true)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithWillContentType("application/json");
        }

        var options = builder.Build();
        if (options.ChannelOptions is MqttClientTcpOptions tcp)
        {
            // MQTTnet sets SO_RCVBUF/SO_SNDBUF to its BufferSize (8 KB, which Linux doubles to 16 KB), and a set size
            // turns the kernel's buffer auto-tuning off: a 180 KB multibeam frame then crosses loopback in 16 KB
            // windows, one reader wake-up each, and took ~45 ms instead of < 1 ms (latency harness, issue 5).
            tcp.BufferSize = SocketBufferBytes;
            // MQTTnet's default is SO_LINGER on with a zero timeout, which turns close() into a TCP reset: what the
            // socket still held to send (up to the buffer above), and what the broker had received but not yet read,
            // were thrown away with the DISCONNECT, so a stopping link lost its last frames and the broker published
            // its will. Off, close() hands the rest to the kernel, which sends it and then a FIN (MqttLinkCloseTests).
            tcp.LingerState = new System.Net.Sockets.LingerOption(false, 0);
        }

        return options;
    }

    /// <summary>Socket send and receive buffer size of the link (Linux caps it at net.core.rmem_max/wmem_max,
    /// 208 KB by default, and doubles it): large enough that a sonar frame needs no per-16 KB round trip.</summary>
    public const int SocketBufferBytes = 1 << 20;

    /// <summary>Stops reconnecting and disconnects cleanly (the broker does not publish the will on a clean
    /// disconnect; callers publish their own "offline" status first).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The loop ends by cancellation.
            }
        }

        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build()).ConfigureAwait(false);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Already gone.
            }
        }

        if (_onMessage is not null)
        {
            _client.ApplicationMessageReceivedAsync -= _onMessage;
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
