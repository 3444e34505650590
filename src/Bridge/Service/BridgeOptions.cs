using System.Net;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Broker.Limits;
using RovDsp.Bridge.Connection;
using RovDsp.Processing.Topics;

namespace RovDsp.Bridge.Service;

/// <summary>Everything the bridge service needs to run; <see cref="Validate"/> names the first bad setting.</summary>
public sealed record BridgeOptions
{
    /// <summary>Vehicle id, the second topic level.</summary>
    public string Vehicle { get; init; } = "rov1";

    /// <summary>An external broker, or null to start the embedded one.</summary>
    public BrokerEndpoint? Broker { get; init; }

    /// <summary>One address the embedded broker binds to instead of <see cref="Embedded"/>'s (null: those, whose
    /// default is 127.0.0.1 and ::1; nothing is exposed by accident).</summary>
    public IPAddress? EmbeddedAddress { get; init; }

    /// <summary>How the embedded broker listens and whom it lets in (addresses, password file, ACL, TLS); its port
    /// and the bridge's client id come from <see cref="EmbeddedPort"/> and <see cref="ClientId"/>.</summary>
    public EmbeddedBrokerOptions? Embedded { get; init; }

    /// <summary>Port of the embedded broker (0 picks a free one).</summary>
    public int EmbeddedPort { get; init; } = BrokerEndpoint.DefaultPort;

    /// <summary>More ways into the embedded broker than its TCP port: the web console's MQTT over WebSocket
    /// (the web console's, RovDsp.Bridge.WebConsole). Ignored with an external broker.</summary>
    public IReadOnlyList<MQTTnet.Server.IMqttServerAdapter> EmbeddedAdapters { get; init; } = [];

    /// <summary>MQTT client id of the bridge.</summary>
    public string ClientId { get; init; } = "rovdsp-bridge";

    /// <summary>Broker user name, from configuration or ROVDSP_MQTT_USERNAME.</summary>
    public string? UserName { get; init; }

    /// <summary>Broker password, from configuration or ROVDSP_MQTT_PASSWORD; never logged.</summary>
    public string? Password { get; init; }

    /// <summary>TLS settings for an external broker reached over TLS (CA file, client certificate, server name,
    /// revocation mode), or null.</summary>
    public MqttTlsOptions? Tls { get; init; }

    /// <summary>Told of the links' failures and refused publishes (the command line prints them), or null.</summary>
    public IMqttLinkObserver? LinkObserver { get; init; }

    /// <summary>Queue capacity of a sonar sensor (drop-oldest): a few frames, because only the newest matters.</summary>
    public int SonarQueueCapacity { get; init; } = 8;

    /// <summary>Queue capacity of a slurry sensor (never-drop): about 10 s of a 100 Hz sensor.</summary>
    public int SlurryQueueCapacity { get; init; } = 1024;

    /// <summary>Average rate of reports on the errors topic.</summary>
    public double ErrorReportsPerSecond { get; init; } = 5;

    /// <summary>How often metrics are published.</summary>
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the first connection may take before the bridge gives up.</summary>
    public TimeSpan FirstConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Alarm rules (the defaults when null).</summary>
    public IReadOnlyList<RovDsp.Dsp.Pipelines.Alarms.AlarmRule>? AlarmRules { get; init; }

    /// <summary>Backoff between reconnection attempts.</summary>
    public ReconnectPolicy Reconnect { get; init; } = ReconnectPolicy.Default;

    /// <summary>How long the broker keeps the bridge's session (its raw QoS 1 subscription and the messages queued
    /// for it) while the bridge is away: slurry samples published during a short link drop are delivered when it
    /// comes back instead of being lost (tonnes lifted is an integral). Zero for a clean session.</summary>
    public TimeSpan RawSessionExpiry { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>With the embedded broker (<see cref="Broker"/> null), work inside it: take raw messages as the
    /// broker receives them (MQTTnet.Server's publish interceptor) and hand JSON feeds, alarms, errors and metrics
    /// straight to it (<c>InjectApplicationMessage</c>), instead of over the bridge's own loopback connections. A
    /// raw message then crosses one MQTT hop on its way to a subscriber's feed instead of three legs of two hops
    /// (latency harness, issue 5: the embedded end-to-end ping p99 went from about twice a bare hop's p99, measured
    /// at the same moment, to about once). The broker still delivers raw messages to every other subscriber (a
    /// recorder, mosquitto_sub); images still leave over the bulk connection and the status (with its last will)
    /// over the prompt one. False uses the connections for everything (tests of that path); ignored with an
    /// external broker.</summary>
    public bool EmbeddedInProcess { get; init; } = true;

    /// <summary>What the embedded broker lets clients cost it (packet size, connections, queues, topics, retained).</summary>
    public BrokerLimits BrokerLimits { get; init; } = new();

    /// <summary>Which sensors get a pipeline.</summary>
    public SensorLimits Sensors { get; init; } = new();

    /// <summary>Which raw topics the service subscribes to itself (<see cref="RawIntake.Own"/>) and which a fleet
    /// host routes to it. Only with an external broker.</summary>
    public RawIntake RawIntake { get; init; } = RawIntake.Own;
    /// <summary>Where and how often the vehicle's state is checkpointed to survive a restart (null: not kept).</summary>
    public State.StateOptions? State { get; init; }

    /// <summary>Throws <see cref="BridgeConfigurationException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        if (!TopicScheme.IsValidLevel(Vehicle))
        {
            throw new BridgeConfigurationException("vehicle", $"'{Vehicle}' must be 1–64 letters, digits, '-' or '_'");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new BridgeConfigurationException("client-id", "is empty");
        }

        if (EmbeddedPort is < 0 or > 65535)
        {
            throw new BridgeConfigurationException("port", $"{EmbeddedPort} is outside 0–65535");
        }

        if (SonarQueueCapacity < 1)
        {
            throw new BridgeConfigurationException("sonar-queue", "must be at least 1");
        }

        if (SlurryQueueCapacity < 2)
        {
            throw new BridgeConfigurationException("slurry-queue", "must be at least 2");
        }

        if (!(ErrorReportsPerSecond > 0))
        {
            throw new BridgeConfigurationException("error-rate", "must be positive");
        }

        if (MetricsInterval <= TimeSpan.Zero)
        {
            throw new BridgeConfigurationException("metrics-interval", "must be positive");
        }

        BrokerLimits.Validate();
        Sensors.Validate();
        State?.Validate();
        if (Password is not null && UserName is null)
        {
            throw new BridgeConfigurationException("username", "is missing while a password is set");
        }
    }
}
