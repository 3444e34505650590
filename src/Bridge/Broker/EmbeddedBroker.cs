using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Net.Security;
using MQTTnet.Server;
using RovDsp.Bridge.Broker.Limits;
using RovDsp.Bridge.Broker.Security;

namespace RovDsp.Bridge.Broker;

/// <summary>
/// An MQTT broker inside the bridge's own process (MQTTnet.Server), bound to loopback by default (127.0.0.1 and
/// ::1, never a wildcard), so a fresh machine needs nothing else to see the feeds. It is a plain broker: any MQTT
/// client (mosquitto_sub included) can connect to it; <see cref="EmbeddedBrokerOptions"/> adds a mosquitto
/// password file, ACL and a TLS listener (<see cref="BrokerSecurityPolicy"/>). Every listener is the broker's own
/// (<see cref="GuardedTcpServerAdapter"/>), so the <see cref="BrokerLimits"/> hold before MQTTnet allocates anything. Note MQTTnet.Server refuses <c>$share/</c> subscriptions; scale-out needs a real broker.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private EmbeddedBroker(MqttServer server, IPAddress address, int port, EmbeddedBrokerOptions options, BrokerSecurityPolicy security, int? tlsPort,
        IReadOnlyList<GuardedTcpServerAdapter> transports, IReadOnlyList<GuardedWebSocketServerAdapter> webSockets, BrokerRefusals refusals)
    {
        _server = server;
        Transports = transports;
        WebSockets = webSockets;
        Refusals = refusals;
        Address = address;
        Port = port;
        Options = options;
        Security = security;
        TlsPort = tlsPort;
    }

    /// <summary>The options the broker runs with (ports resolved).</summary>
    public EmbeddedBrokerOptions Options { get; }

    /// <summary>Its security policy: the bridge's own credentials and the refusal counters.</summary>
    public BrokerSecurityPolicy Security { get; }

    /// <summary>The guarded listeners (plain, then TLS if any): connection, packet-size and CONNECT-timeout limits.</summary>
    public IReadOnlyList<GuardedTcpServerAdapter> Transports { get; }

    /// <summary>The guarded MQTT-over-WebSocket ways in (the web console's), under the same limits.</summary>
    public IReadOnlyList<GuardedWebSocketServerAdapter> WebSockets { get; }

    /// <summary>Connections open on all listeners and WebSocket endpoints.</summary>
    public int OpenConnections => Transports.Sum(t => t.OpenConnections) + WebSockets.Sum(w => w.OpenConnections);

    /// <summary>Everything the broker refused under its <see cref="BrokerLimits"/>, by reason.</summary>
    public BrokerRefusals Refusals { get; }

    /// <summary>The TLS listener's port, or null without TLS.</summary>
    public int? TlsPort { get; }

    /// <summary>The MQTTnet server, for the bridge's in-process intake.</summary>
    internal MqttServer Server => _server;

    /// <summary>The address the broker's own clients reach its plain listener on (loopback unless that listener is
    /// on another address only).</summary>
    public IPAddress Address { get; }

    /// <summary>The TCP port the broker listens on.</summary>
    public int Port { get; }

    /// <summary>Whether the broker is running.</summary>
    public bool IsStarted => _server.IsStarted;

    /// <summary>Hands <paramref name="message"/> to the broker as if client <paramref name="senderClientId"/> had published
    /// it (publish interceptors, then every matching subscriber), for tools in the broker's own process. It is trusted:
    /// the ACL is not asked. The broker may keep the message's payload.</summary>
    /// <exception cref="InvalidOperationException">The broker is not running.</exception>
    public Task InjectAsync(MQTTnet.MqttApplicationMessage message, string senderClientId, CancellationToken cancellationToken) =>
        _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = senderClientId }, cancellationToken);

    /// <summary>Starts a broker on <paramref name="address"/>:<paramref name="port"/> (port 0 picks a free one), that
    /// address alone, open to anyone who reaches it and reserving no client id: a plain broker that a bridge joins
    /// from outside (tests, <c>rovdsp-replay play</c>).</summary>
    public static Task<EmbeddedBroker> StartAsync(IPAddress address, int port) => StartAsync(address, port, new BrokerLimits());

    /// <summary>Starts a plain broker as <see cref="StartAsync(IPAddress, int)"/> does, under <paramref name="limits"/>.</summary>
    public static Task<EmbeddedBroker> StartAsync(IPAddress address, int port, BrokerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "port must be 0–65535");
        }

        return StartAsync(new EmbeddedBrokerOptions { Addresses = [address], Port = port, Insecure = !IPAddress.IsLoopback(address), BridgeClientId = null },
            limits);
    }

    /// <summary>Starts a broker as <paramref name="options"/> say, after <see cref="EmbeddedBrokerOptions.Validate"/>
    /// (a refused setting throws <see cref="Connection.BridgeConfigurationException"/>), under <paramref name="limits"/>
    /// (the defaults when null), also taking clients through <paramref name="additionalAdapters"/> (the web console's
    /// MQTT over WebSocket: a <see cref="GuardedWebSocketServerAdapter"/> among them is held to the same limits).</summary>
    public static async Task<EmbeddedBroker> StartAsync(EmbeddedBrokerOptions options, BrokerLimits? limits = null,
        IReadOnlyList<IMqttServerAdapter>? additionalAdapters = null)
    {
        additionalAdapters ??= [];
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        limits ??= new BrokerLimits();
        var security = new BrokerSecurityPolicy(options.PasswordFile, options.AclFile, options.BridgeClientId, options.BridgeUserName);

        // With TLS the plain listener stays on loopback (the bridge's own links, local tools); the TLS one takes the
        // configured addresses. Without TLS the plain listener takes them. Our own listeners instead of MQTTnet's:
        // limits are checked before MQTTnet allocates (Broker/Limits), and nothing binds a wildcard unless asked.
        var plainAddresses = options.HasTls ? EmbeddedBrokerOptions.LoopbackAddresses : options.EffectiveAddresses;
        var port = options.Port == 0 ? FreePort(plainAddresses[0]) : options.Port;
        var refusals = new BrokerRefusals();
        var transports = new List<GuardedTcpServerAdapter>
        {
            new([.. plainAddresses.Select(a => new IPEndPoint(a, port))], limits, refusals),
        };
        int? tlsPort = null;
        if (options.HasTls)
        {
            tlsPort = options.TlsPort == 0 ? FreePort(options.EffectiveAddresses[0]) : options.TlsPort;
            var certificate = LoadCertificate(options.TlsCertificateFile!, options.TlsKeyFile!);
            transports.Add(new GuardedTcpServerAdapter([.. options.EffectiveAddresses.Select(a => new IPEndPoint(a, tlsPort.Value))], limits, refusals)
            {
                // The handshake runs inside the CONNECT timeout, so a client that never finishes it is closed too.
                Upgrade = async (stream, cancellationToken) =>
                {
                    var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = certificate,
                        EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                    }, cancellationToken).ConfigureAwait(false);
                    return tls;
                },
            });
        }

        var serverOptions = new MqttServerOptionsBuilder()
            // A slow subscriber (a terminal view) must not make the broker hoard sonar frames: drop its oldest.
            .WithMaxPendingMessagesPerClient(2000)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(serverOptions, [.. transports, .. additionalAdapters]);
        // The web console's WebSocket endpoint takes the same limits, counted with the listeners' refusals.
        var webSockets = additionalAdapters.OfType<GuardedWebSocketServerAdapter>().ToList();
        foreach (var webSocket in webSockets)
        {
            webSocket.Bind(limits, refusals);
        }

        BrokerLimitHooks.Attach(server, limits, refusals, [.. transports, .. webSockets]);
        // MQTT 5 lets a client connect with an empty client id and have the broker assign one (§3.1.3.1);
        // mosquitto_sub -V mqttv5 does exactly that. MQTTnet.Server refuses it unless an id is assigned here.
        // (Over MQTT 3.1.1 MQTTnet refuses an empty id whatever this handler does: use -i or -V mqttv5.)
        server.ValidatingConnectionAsync += e =>
        {
            if (string.IsNullOrEmpty(e.ClientId))
            {
                e.AssignedClientIdentifier = "auto-" + Guid.NewGuid().ToString("N");
            }

            return Task.CompletedTask;
        };
        // After the id assignment above, before anything the bridge hooks: a refused publish is never processed.
        security.Attach(server);
        await server.StartAsync().ConfigureAwait(false);
        var local = plainAddresses.FirstOrDefault(IPAddress.IsLoopback) ?? plainAddresses[0];
        if (local.Equals(IPAddress.Any))
        {
            local = IPAddress.Loopback;
        }
        else if (local.Equals(IPAddress.IPv6Any))
        {
            local = IPAddress.IPv6Loopback;
        }

        return new EmbeddedBroker(server, local, port, options with { Port = port, TlsPort = tlsPort ?? options.TlsPort }, security, tlsPort,
            transports, webSockets, refusals);
    }

    // SslStream on Linux needs the key in a form it can use: a certificate made from PEM files carries an ephemeral
    // key, so it is exported and loaded again as PKCS#12.
    private static X509Certificate2 LoadCertificate(string certificateFile, string keyFile)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException or IOException)
        {
            throw new Connection.BridgeConfigurationException("tls-cert", $"'{certificateFile}' with key '{keyFile}' cannot be used: {ex.Message}");
        }
    }

    /// <summary>Stops the broker; clients see their connection closed.</summary>
    public async Task StopAsync()
    {
        if (_server.IsStarted)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _server.Dispose();
    }

    /// <summary>A TCP port nobody is listening on at the moment of asking.</summary>
    public static int FreePort(IPAddress address)
    {
        using var listener = new System.Net.Sockets.TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
