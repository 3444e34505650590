using System.Globalization;
using System.Net;
using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Cli;

/// <summary>The web console's settings from the command line: where it is served (<c>--http ADDR:PORT</c>, loopback port
/// 8080 by default), whether at all (<c>--no-http</c>), and, with <c>--broker</c>, the broker's MQTT-over-WebSocket URL
/// the page connects to (<c>--broker-ws ws://host:port/</c>).</summary>
internal sealed record ConsoleSettings
{
    /// <summary>Default address of the console.</summary>
    public static readonly IPEndPoint DefaultEndpoint = new(IPAddress.Loopback, 8080);

    /// <summary>Where Kestrel listens; null with <c>--no-http</c>.</summary>
    public IPEndPoint? Endpoint { get; init; }

    /// <summary>Whether the address was given (then failing to bind it ends the run; the default only warns).</summary>
    public bool Explicit { get; init; }

    /// <summary>The external broker's WebSocket URL, or null.</summary>
    public Uri? BrokerWebSocketUrl { get; init; }

    /// <summary>Resolves the settings; throws <see cref="BridgeConfigurationException"/> naming the bad one.</summary>
    public static ConsoleSettings Resolve(string? http, bool noHttp, string? brokerWs, bool externalBroker)
    {
        if (noHttp && http is not null)
        {
            throw new BridgeConfigurationException("http", "and --no-http cannot both be given");
        }

        Uri? ws = null;
        if (brokerWs is not null)
        {
            if (!externalBroker)
            {
                throw new BridgeConfigurationException("broker-ws", "is for an external broker (--broker); the embedded broker's WebSocket endpoint is the console's own /mqtt");
            }

            ws = Uri.TryCreate(brokerWs, UriKind.Absolute, out var u) && u.Scheme is "ws" or "wss" && u.Port > 0
                ? u
                : throw new BridgeConfigurationException("broker-ws", $"'{brokerWs}' is not ws://host:port/path or wss://host:port/path");
        }

        if (noHttp)
        {
            return new ConsoleSettings { BrokerWebSocketUrl = ws };
        }

        var endpoint = DefaultEndpoint;
        if (http is not null)
        {
            var text = http.StartsWith(':') ? "127.0.0.1" + http : http;
            endpoint = IPEndPoint.TryParse(text, out var ep) && text.Contains(':', StringComparison.Ordinal)
                ? ep
                : throw new BridgeConfigurationException("http", $"'{http}' is not ADDRESS:PORT (an IP address and a port, e.g. 127.0.0.1:8080)");
            if (ep.Port is < 0 or > 65535)
            {
                throw new BridgeConfigurationException("http", $"port {ep.Port.ToString(CultureInfo.InvariantCulture)} is outside 0–65535");
            }
        }

        return new ConsoleSettings { Endpoint = endpoint, Explicit = http is not null, BrokerWebSocketUrl = ws };
    }
}
