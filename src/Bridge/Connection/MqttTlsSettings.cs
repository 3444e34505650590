using System.Security.Cryptography.X509Certificates;

namespace RovDsp.Bridge.Connection;

/// <summary>
/// Resolves the TLS settings of a command line (rovdsp-bridge, rovdsp-replay play and record) the same way for
/// both: each value from its flag, else from <c>ROVDSP_MQTT_*</c> or the configuration file's <c>Mqtt</c> section
/// (Tls, CaFile, CertFile, KeyFile, TlsServerName, TlsRevocation), through the caller's lookup.
/// </summary>
public static class MqttTlsSettings
{
    /// <summary>The configuration keys, under the <c>Mqtt</c> section (environment: <c>ROVDSP_MQTT_CAFILE</c>, ...).</summary>
    public static readonly IReadOnlyList<string> Keys = ["Tls", "CaFile", "CertFile", "KeyFile", "TlsServerName", "TlsRevocation"];

    /// <summary>Applies the TLS settings to <paramref name="broker"/>: returns the endpoint (switched to TLS by
    /// <c>--tls</c>) and the options, or the endpoint unchanged and null when no TLS setting is given. Throws
    /// <see cref="BridgeConfigurationException"/> for a TLS setting without an external broker or a bad value.</summary>
    /// <param name="broker">The external broker, or null (embedded broker).</param>
    /// <param name="flags">The command-line values (null when not given).</param>
    /// <param name="setting">Looks a key of <see cref="Keys"/> up in the environment and configuration file.</param>
    public static (BrokerEndpoint? Broker, MqttTlsOptions? Tls) Resolve(BrokerEndpoint? broker, Flags flags, Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(setting);
        string? Value(string? flag, string key) => flag ?? (string.IsNullOrWhiteSpace(setting(key)) ? null : setting(key));

        var tlsText = Value(null, "Tls");
        var tls = flags.Tls || (tlsText is not null && (bool.TryParse(tlsText, out var on)
            ? on
            : throw new BridgeConfigurationException("tls", $"'{tlsText}' is not true or false")));
        var ca = Value(flags.CaFile, "CaFile");
        var cert = Value(flags.CertFile, "CertFile");
        var key = Value(flags.KeyFile, "KeyFile");
        var name = Value(flags.ServerName, "TlsServerName");
        var revocation = Value(flags.Revocation, "TlsRevocation");
        var any = ca is not null || cert is not null || key is not null || name is not null || revocation is not null;
        if (!tls && !any)
        {
            return (broker, null);
        }

        if (broker is null)
        {
            throw new BridgeConfigurationException(flags.Tls ? "tls" : "ca-file",
                "applies to an external broker (--broker) only; the embedded broker's own TLS listener is set up separately");
        }

        if (!tls && !broker.UseTls)
        {
            throw new BridgeConfigurationException("tls", $"certificate settings are given but {broker} is not TLS: use mqtts:// or --tls");
        }

        var options = new MqttTlsOptions
        {
            CaFile = ca,
            CertificateFile = cert,
            KeyFile = key,
            ServerName = name,
            RevocationMode = revocation is null ? X509RevocationMode.NoCheck : MqttTlsOptions.ParseRevocationMode(revocation),
        };
        // Read now, so a missing or unreadable file is a settings error (exit 2) before anything connects.
        options.Load();
        var endpoint = broker.UseTls ? broker : broker with
        {
            UseTls = true,
        };
        return (endpoint, options);
    }

    /// <summary>The TLS flags of a command line.</summary>
    /// <param name="Tls">--tls: TLS even with an mqtt:// address.</param>
    /// <param name="CaFile">--ca-file.</param>
    /// <param name="CertFile">--cert-file.</param>
    /// <param name="KeyFile">--key-file.</param>
    /// <param name="ServerName">--tls-server-name.</param>
    /// <param name="Revocation">--tls-revocation.</param>
    public sealed record Flags(bool Tls, string? CaFile, string? CertFile, string? KeyFile, string? ServerName, string? Revocation);

    /// <summary>Help text of the flags, shared by both command lines.</summary>
    public static class Help
    {
        /// <summary>--tls.</summary>
        public const string Tls = "Connect to --broker over TLS (as mqtts:// does; default port stays as given).";

        /// <summary>--ca-file.</summary>
        public const string CaFile = "PEM file of the CA that signed the broker's certificate; only it is trusted (not the system store). Env ROVDSP_MQTT_CAFILE, config Mqtt:CaFile.";

        /// <summary>--cert-file.</summary>
        public const string CertFile = "PEM client certificate, for brokers that require one. Env ROVDSP_MQTT_CERTFILE, config Mqtt:CertFile.";

        /// <summary>--key-file.</summary>
        public const string KeyFile = "PEM private key of --cert-file (unencrypted). Env ROVDSP_MQTT_KEYFILE, config Mqtt:KeyFile.";

        /// <summary>--tls-server-name.</summary>
        public const string ServerName = "Name sent as SNI and checked against the broker's certificate (default: the --broker host). Env ROVDSP_MQTT_TLSSERVERNAME, config Mqtt:TlsServerName.";

        /// <summary>--tls-revocation.</summary>
        public const string Revocation = "Revocation check of the broker's certificate: nocheck (default: an isolated ship network reaches no CRL or OCSP server), offline (cached CRLs only) or online. Env ROVDSP_MQTT_TLSREVOCATION, config Mqtt:TlsRevocation.";
    }
}
