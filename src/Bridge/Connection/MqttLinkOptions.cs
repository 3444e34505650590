namespace RovDsp.Bridge.Connection;

/// <summary>How an <see cref="MqttLink"/> connects, what it subscribes to and what its last will says.</summary>
public sealed record MqttLinkOptions
{
    /// <summary>The broker.</summary>
    public required BrokerEndpoint Endpoint { get; init; }

    /// <summary>MQTT client id; unique per bridge instance.</summary>
    public required string ClientId { get; init; }

    /// <summary>User name (from configuration or the environment), or null.</summary>
    public string? UserName { get; init; }

    /// <summary>Password (from configuration or the environment), or null. Never logged.</summary>
    public string? Password { get; init; }

    /// <summary>Topic filters subscribed after every (re)connection, with their QoS level (0 or 1).</summary>
    public IReadOnlyList<(string Filter, int Qos)> Subscriptions { get; init; } = [];

    /// <summary>Last-will topic (retained), or null for none.</summary>
    public string? WillTopic { get; init; }

    /// <summary>Last-will payload (UTF-8 JSON).</summary>
    public string WillPayload { get; init; } = string.Empty;

    /// <summary>Keep-alive period; the broker publishes the will after 1.5 of these without a packet.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Backoff between connection attempts.</summary>
    public ReconnectPolicy Reconnect { get; init; } = ReconnectPolicy.Default;

    /// <summary>How long the broker keeps this client's session (subscriptions and queued QoS 1 messages) while it
    /// is disconnected; zero for a clean session on every connection. With a session, a bridge that loses its
    /// link to a broker that stays up (a network drop, its own restart) gets the raw QoS 1 messages published in
    /// between; a broker that dies without persistence loses them either way.</summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.Zero;

    /// <summary>TLS settings (CA file, client certificate, server name, revocation mode) used when
    /// <see cref="BrokerEndpoint.UseTls"/> is set; null for the system's trust store and the host's name.</summary>
    public MqttTlsOptions? Tls { get; init; }

    /// <summary>Told of failures, connections and refused publishes (a command line prints them), or null.</summary>
    public IMqttLinkObserver? Observer { get; init; }

    /// <summary>Timeout of one connection attempt.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
