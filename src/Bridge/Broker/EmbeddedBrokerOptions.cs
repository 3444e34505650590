using System.Net;
using System.Net.Sockets;
using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Broker;

/// <summary>
/// How the embedded broker listens and whom it lets in. Closed by default: with nothing set it binds 127.0.0.1 and
/// ::1 (when the machine has IPv6), never a wildcard, and lets local clients in anonymously (demos, play). Any other
/// address needs a password file, an ACL file and TLS, unless <see cref="Insecure"/> says the operator accepts an
/// open broker on that network (<see cref="Validate"/> refuses it otherwise).
/// </summary>
public sealed record EmbeddedBrokerOptions
{
    /// <summary>Addresses to listen on, at most one IPv4 and one IPv6 (MQTTnet's endpoint takes one of each); null
    /// or empty for the loopback default.</summary>
    public IReadOnlyList<IPAddress>? Addresses { get; init; }

    /// <summary>Plain MQTT port (0 picks a free one).</summary>
    public int Port { get; init; } = BrokerEndpoint.DefaultPort;

    /// <summary>mosquitto password file (mosquitto_passwd); when set, every client but the bridge's own must log in.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>mosquitto acl_file; when set, every publish, subscription and delivery is checked against it.</summary>
    public string? AclFile { get; init; }

    /// <summary>PEM certificate (chain) of the TLS listener.</summary>
    public string? TlsCertificateFile { get; init; }

    /// <summary>PEM private key of the TLS listener.</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>TLS port (0 picks a free one). With TLS, the plain listener stays on loopback for the bridge's own
    /// links and local tools, and only the TLS listener is on <see cref="Addresses"/>.</summary>
    public int TlsPort { get; init; } = 8883;

    /// <summary>Listen beyond loopback without a password file, ACL or TLS: the operator's explicit choice, warned
    /// about at start-up and shown in the status.</summary>
    public bool Insecure { get; init; }

    /// <summary>The bridge's client id: it and every id starting with it belong to the bridge's user alone. Null for
    /// a broker that is not a bridge's own (a test's, <c>rovdsp-replay play</c>'s), where a bridge connects from
    /// outside like any client.</summary>
    public string? BridgeClientId { get; init; } = "rovdsp-bridge";

    /// <summary>The bridge's user name (its ACL section for mosquitto; the embedded broker lets the bridge's own
    /// links in under it with a per-run secret).</summary>
    public string BridgeUserName { get; init; } = "rovdsp-bridge";

    /// <summary>Whether TLS is configured.</summary>
    public bool HasTls => TlsCertificateFile is not null;

    /// <summary>The addresses actually used: <see cref="Addresses"/>, or 127.0.0.1 and ::1 (if IPv6 works here).</summary>
    public IReadOnlyList<IPAddress> EffectiveAddresses => Addresses is { Count: > 0 } a ? a : LoopbackAddresses;

    /// <summary>127.0.0.1, and ::1 when this machine can bind it.</summary>
    public static IReadOnlyList<IPAddress> LoopbackAddresses { get; } = FindLoopback();

    /// <summary>Whether every address is a loopback one (nothing beyond this machine can connect).</summary>
    public bool IsLoopbackOnly => EffectiveAddresses.All(IPAddress.IsLoopback);

    /// <summary>Throws <see cref="BridgeConfigurationException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new BridgeConfigurationException("port", $"{Port} is outside 0–65535");
        }

        if (TlsPort is < 0 or > 65535)
        {
            throw new BridgeConfigurationException("tls-port", $"{TlsPort} is outside 0–65535");
        }

        var addresses = EffectiveAddresses;
        if (addresses.Count(a => a.AddressFamily == AddressFamily.InterNetwork) > 1
            || addresses.Count(a => a.AddressFamily == AddressFamily.InterNetworkV6) > 1
            || addresses.Any(a => a.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)))
        {
            throw new BridgeConfigurationException("listen", "takes at most one IPv4 and one IPv6 address");
        }

        if ((TlsCertificateFile is null) != (TlsKeyFile is null))
        {
            throw new BridgeConfigurationException(TlsCertificateFile is null ? "tls-cert" : "tls-key",
                "is missing: a TLS listener needs both --tls-cert and --tls-key (PEM files)");
        }

        foreach (var (setting, path) in new[] { ("password-file", PasswordFile), ("acl-file", AclFile), ("tls-cert", TlsCertificateFile), ("tls-key", TlsKeyFile) })
        {
            if (path is not null && !File.Exists(path))
            {
                throw new BridgeConfigurationException(setting, $"file '{path}' does not exist");
            }
        }

        if (!IsLoopbackOnly && !Insecure)
        {
            var missing = new List<string>();
            if (PasswordFile is null)
            {
                missing.Add("--password-file");
            }

            if (AclFile is null)
            {
                missing.Add("--acl-file");
            }

            if (!HasTls)
            {
                missing.Add("--tls-cert/--tls-key");
            }

            if (missing.Count > 0)
            {
                throw new BridgeConfigurationException("listen",
                    $"{string.Join(", ", addresses)} is reachable beyond this machine, so the embedded broker needs {string.Join(", ", missing)} "
                    + "(or --insecure to run it open on that network: anyone there could then publish feeds, alarms and status)");
            }
        }
    }

    private static IPAddress[] FindLoopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return [IPAddress.Loopback];
        }

        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        }
        catch (SocketException)
        {
            // IPv6 disabled on this host (or no ::1): IPv4 loopback alone.
            return [IPAddress.Loopback];
        }
    }
}
