using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Replay.Playback;
using RovDsp.Replay.Simulation;

namespace RovDsp.Bridge.Cli;

/// <summary>Everything one run of rovdsp-bridge does, resolved from the command line, an optional JSON
/// configuration file and the environment (command line first, then the environment, then the file). Every bad
/// value throws <see cref="BridgeConfigurationException"/> naming its setting, before anything connects.</summary>
internal sealed record BridgeSettings
{
    /// <summary>The bridge service's options (broker, vehicle, credentials).</summary>
    public required BridgeOptions Bridge { get; init; }

    /// <summary>Recording to play into the broker, or null.</summary>
    public string? ReplayPath { get; init; }

    /// <summary>Scenario to simulate in memory and play, or null.</summary>
    public ScenarioKind? Simulate { get; init; }

    /// <summary>Length of the simulated dive.</summary>
    public TimeSpan SimulateDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Playback options (speed, loop).</summary>
    public PlaybackOptions Playback { get; init; } = new();

    /// <summary>Ping device over UDP, or null.</summary>
    public IPEndPoint? PingUdp { get; init; }

    /// <summary>Ping device's serial port, or null.</summary>
    public string? PingSerial { get; init; }

    /// <summary>Serial baud rate.</summary>
    public int Baud { get; init; } = 115200;

    /// <summary>Sensor id of the Ping device in its raw topic.</summary>
    public string PingSensor { get; init; } = "ping1";

    /// <summary>The PLC polled over Modbus TCP, or null.</summary>
    public ModbusSettings? Modbus { get; init; }

    /// <summary>The Oculus multibeam driven over its TCP protocol, or null.</summary>
    public OculusSettings? Oculus { get; init; }

    /// <summary>Stop after this long (null = until Ctrl+C, or the end of a non-looping playback).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Whether the live pilot view is off.</summary>
    public bool NoView { get; init; }

    /// <summary>Raw command-line values, before the configuration file and environment are consulted.</summary>
    internal sealed record Inputs(
        string? Broker, int? Port, string? Vehicle, string? Replay, string? Simulate, double? SimulateMinutes, string? Speed,
        bool Loop, double? From, double? To, string? PingUdp, string? PingSerial, int? Baud, double? DurationSeconds, bool NoView,
        string? Config)
    {
        /// <summary>The embedded broker's listening and security flags (null: none given).</summary>
        public BrokerInputs? Embedded { get; init; }

        /// <summary>The TLS flags (--tls, --ca-file, ...); none by default.</summary>
        public MqttTlsSettings.Flags Tls { get; init; } = new(false, null, null, null, null, null);

        /// <summary>--view-username: the pilot view's own user name.</summary>
        public string? ViewUsername { get; init; }
    }

    /// <summary>Raw values of the embedded broker's flags: --listen, --password-file, --acl-file, --tls-cert,
    /// --tls-key, --tls-port, --insecure.</summary>
    internal sealed record BrokerInputs(
        string? Listen, string? PasswordFile, string? AclFile, string? TlsCert, string? TlsKey, int? TlsPort, bool Insecure);

    /// <summary>User name the pilot view subscribes with (--view-username, ROVDSP_VIEW_USERNAME, View:Username);
    /// when neither it nor <see cref="ViewPassword"/> is given the view uses the bridge's credentials.</summary>
    public string? ViewUserName { get; init; }

    /// <summary>Password of <see cref="ViewUserName"/> (ROVDSP_VIEW_PASSWORD or View:Password, never the command line).</summary>
    public string? ViewPassword { get; init; }

    /// <summary>Resolves the settings; throws <see cref="BridgeConfigurationException"/> naming the first bad one.</summary>
    public static BridgeSettings Resolve(Inputs inputs, IDictionary<string, string?>? environment = null)
    {
        var builder = new ConfigurationBuilder();
        if (inputs.Config is not null)
        {
            if (!File.Exists(inputs.Config))
            {
                throw new BridgeConfigurationException("config", $"file '{inputs.Config}' does not exist");
            }

            builder.AddJsonFile(Path.GetFullPath(inputs.Config), optional: false);
        }

        if (environment is null)
        {
            builder.AddEnvironmentVariables("ROVDSP_");
        }
        else
        {
            var prefixed = new Dictionary<string, string?>();
            foreach (var (k, v) in environment)
            {
                if (k.StartsWith("ROVDSP_", StringComparison.Ordinal))
                {
                    prefixed[k["ROVDSP_".Length..]] = v;
                }
            }

            builder.AddInMemoryCollection(prefixed);
        }

        IConfiguration config;
        try
        {
            config = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new BridgeConfigurationException("config", $"cannot be read: {ex.Message}");
        }

        // Environment keys arrive as MQTT_USERNAME (prefix removed); the JSON file uses sections (Mqtt:Username).
        string? Setting(string section, string key) => config[$"{section.ToUpperInvariant()}_{key.ToUpperInvariant()}"] ?? config[$"{section}:{key}"];

        var brokerText = inputs.Broker ?? Setting("Bridge", "Broker");
        var broker = brokerText is null ? null : BrokerEndpoint.Parse(brokerText, "broker");
        var port = inputs.Port ?? ParseInt(Setting("Bridge", "Port"), "port") ?? BrokerEndpoint.DefaultPort;
        if (port is < 0 or > 65535)
        {
            throw new BridgeConfigurationException("port", $"{port} is outside 0–65535");
        }

        var embedded = ResolveEmbedded(inputs.Embedded, Setting);
        if (broker is not null && embedded != new RovDsp.Bridge.Broker.EmbeddedBrokerOptions())
        {
            throw new BridgeConfigurationException("broker",
                "is external, so --listen, --password-file, --acl-file, --tls-cert, --tls-key, --tls-port and --insecure (embedded broker settings) do not apply");
        }

        var user = Blank(Setting("Mqtt", "Username"));
        var password = Blank(Setting("Mqtt", "Password"));
        (broker, var tls) = MqttTlsSettings.Resolve(broker, inputs.Tls, key => Setting("Mqtt", key));
        var viewUser = Blank(inputs.ViewUsername) ?? Blank(Setting("View", "Username"));
        var viewPassword = Blank(Setting("View", "Password"));
        if (viewPassword is not null && viewUser is null)
        {
            throw new BridgeConfigurationException("view-username", "is missing while a view password is set");
        }

        var options = new BridgeOptions
        {
            Vehicle = inputs.Vehicle ?? Setting("Bridge", "Vehicle") ?? "rov1",
            Broker = broker,
            Tls = tls,
            EmbeddedPort = port,
            UserName = user,
            Password = password,
            Embedded = broker is null ? embedded with { Port = port } : null,
            BrokerLimits = LimitsSettings.Broker(Setting),
            Sensors = LimitsSettings.Sensors(Setting),
        };
        options.Validate();
        options.Embedded?.Validate();

        if (inputs.Replay is not null && inputs.Simulate is not null)
        {
            throw new BridgeConfigurationException("replay", "and --simulate cannot both be given");
        }

        if (inputs.Replay is not null && !File.Exists(inputs.Replay))
        {
            throw new BridgeConfigurationException("replay", $"file '{inputs.Replay}' does not exist");
        }

        ScenarioKind? simulate = null;
        if (inputs.Simulate is not null)
        {
            simulate = Enum.TryParse<ScenarioKind>(inputs.Simulate, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
                ? kind
                : throw new BridgeConfigurationException("simulate", $"'{inputs.Simulate}' is not a scenario ({string.Join(", ", Enum.GetNames<ScenarioKind>()).ToLowerInvariant()})");
        }

        var minutes = inputs.SimulateMinutes ?? 2;
        if (!(minutes > 0 && minutes <= 24 * 60))
        {
            throw new BridgeConfigurationException("simulate-minutes", $"{minutes} must be within (0, 1440]");
        }

        double speed = 1;
        if (inputs.Speed is not null)
        {
            if (inputs.Speed.Equals("max", StringComparison.OrdinalIgnoreCase))
            {
                speed = 0;
            }
            else if (!double.TryParse(inputs.Speed.TrimEnd('x', 'X'), NumberStyles.Float, CultureInfo.InvariantCulture, out speed)
                     || !(speed is >= PlaybackOptions.MinSpeed and <= PlaybackOptions.MaxSpeed))
            {
                throw new BridgeConfigurationException("speed", $"'{inputs.Speed}' must be within 0.1–100 or 'max'");
            }
        }

        var playback = new PlaybackOptions { Speed = speed, Loop = inputs.Loop, FromSeconds = inputs.From, ToSeconds = inputs.To };
        try
        {
            playback.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new BridgeConfigurationException(ex.ParamName == nameof(PlaybackOptions.ToSeconds) ? "to" : "from", ex.Message);
        }

        IPEndPoint? udp = null;
        if (inputs.PingUdp is not null)
        {
            udp = IPEndPoint.TryParse(inputs.PingUdp, out var ep) && ep.Port > 0
                ? ep
                : throw new BridgeConfigurationException("ping-udp", $"'{inputs.PingUdp}' is not host:port (an IP address and a port)");
        }

        if (udp is not null && inputs.PingSerial is not null)
        {
            throw new BridgeConfigurationException("ping-serial", "and --ping-udp cannot both be given");
        }

        var baud = inputs.Baud ?? 115200;
        if (baud is < 300 or > 4_000_000)
        {
            throw new BridgeConfigurationException("baud", $"{baud} is outside 300–4000000");
        }

        TimeSpan? duration = null;
        if (inputs.DurationSeconds is { } d)
        {
            duration = d > 0 && d < 1e7 ? TimeSpan.FromSeconds(d) : throw new BridgeConfigurationException("duration", $"{d} s must be positive");
        }

        return new BridgeSettings
        {
            Bridge = options,
            ViewUserName = viewUser,
            ViewPassword = viewPassword,
            ReplayPath = inputs.Replay,
            Simulate = simulate,
            SimulateDuration = TimeSpan.FromMinutes(minutes),
            Playback = playback,
            PingUdp = udp,
            PingSerial = inputs.PingSerial,
            Baud = baud,
            Duration = duration,
            NoView = inputs.NoView,
        };
    }

    // The embedded broker's flags, then Broker:Listen, Broker:PasswordFile, ... from the environment or the file.
    private static RovDsp.Bridge.Broker.EmbeddedBrokerOptions ResolveEmbedded(BrokerInputs? inputs, Func<string, string, string?> setting)
    {
        var listen = inputs?.Listen ?? setting("Broker", "Listen");
        IPAddress[]? addresses = null;
        if (listen is not null)
        {
            var parts = listen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            addresses = new IPAddress[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                addresses[i] = IPAddress.TryParse(parts[i].Trim('[', ']'), out var a)
                    ? a
                    : throw new BridgeConfigurationException("listen", $"'{parts[i]}' is not an IP address (give one IPv4 and/or one IPv6 address, comma-separated)");
            }

            if (addresses.Length == 0)
            {
                throw new BridgeConfigurationException("listen", "is empty");
            }
        }

        var tlsPort = inputs?.TlsPort ?? ParseInt(setting("Broker", "TlsPort"), "tls-port") ?? 8883;
        var insecureText = setting("Broker", "Insecure");
        var insecure = inputs?.Insecure == true
                       || (insecureText is not null && (bool.TryParse(insecureText, out var b) ? b : throw new BridgeConfigurationException("insecure", $"'{insecureText}' is not true or false")));
        return new RovDsp.Bridge.Broker.EmbeddedBrokerOptions
        {
            Addresses = addresses,
            PasswordFile = inputs?.PasswordFile ?? Blank(setting("Broker", "PasswordFile")),
            AclFile = inputs?.AclFile ?? Blank(setting("Broker", "AclFile")),
            TlsCertificateFile = inputs?.TlsCert ?? Blank(setting("Broker", "TlsCert")),
            TlsKeyFile = inputs?.TlsKey ?? Blank(setting("Broker", "TlsKey")),
            TlsPort = tlsPort,
            Insecure = insecure,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int? ParseInt(string? text, string setting)
    {
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new BridgeConfigurationException(setting, $"'{text}' is not a whole number");
    }
}
