using System.Globalization;

namespace RovDsp.Bridge.Connection;

/// <summary>
/// Where a broker is: host, port and whether the link is TLS. Parsed from the <c>--broker</c> setting
/// (<c>mqtt://host:port</c> or <c>mqtts://host:port</c>). Credentials are deliberately not part of it: they come
/// from configuration or the environment, so they never appear in a command line or a log line.
/// </summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port.</param>
/// <param name="UseTls">Whether to connect with TLS (mqtts).</param>
public sealed record BrokerEndpoint(string Host, int Port, bool UseTls)
{
    /// <summary>The default plain MQTT port.</summary>
    public const int DefaultPort = 1883;

    /// <summary>The default MQTT-over-TLS port.</summary>
    public const int DefaultTlsPort = 8883;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="BridgeConfigurationException"/> naming
    /// <paramref name="settingName"/> when it is not a usable broker address.</summary>
    public static BrokerEndpoint Parse(string text, string settingName = "broker")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new BridgeConfigurationException(settingName, "is empty; expected mqtt://host:port or mqtts://host:port");
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri))
        {
            throw new BridgeConfigurationException(settingName, $"'{text}' is not an address; expected mqtt://host:port or mqtts://host:port");
        }

        var tls = uri.Scheme switch
        {
            "mqtt" or "tcp" => false,
            "mqtts" or "ssl" => true,
            _ => throw new BridgeConfigurationException(settingName, $"scheme '{uri.Scheme}' is not supported; use mqtt:// or mqtts://"),
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new BridgeConfigurationException(settingName,
                "must not carry a user name or password (they would end up in logs); set ROVDSP_MQTT_USERNAME and ROVDSP_MQTT_PASSWORD instead");
        }

        if (uri.AbsolutePath is not ("/" or ""))
        {
            throw new BridgeConfigurationException(settingName, $"'{text}' has a path; expected mqtt://host:port");
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? DefaultTlsPort : DefaultPort) : uri.Port;
        if (port is < 1 or > 65535)
        {
            throw new BridgeConfigurationException(settingName, $"port {port.ToString(CultureInfo.InvariantCulture)} is outside 1–65535");
        }

        return new BrokerEndpoint(uri.Host, port, tls);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(UseTls ? "mqtts" : "mqtt")}://{Host}:{Port}");
}
