using System.Text.Json;
using RovDsp.Bridge.Connection;
using RovDsp.Processing;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>
/// Where <c>play</c> and <c>record</c> connect and with which credentials. The broker comes from <c>--broker</c>, else the
/// configuration file's <c>Bridge:Broker</c>; credentials only from <c>ROVDSP_MQTT_USERNAME</c> /
/// <c>ROVDSP_MQTT_PASSWORD</c> or the file's <c>Mqtt:Username</c> / <c>Mqtt:Password</c> (the same file rovdsp-bridge
/// reads), never the command line, so they stay out of shell history and process lists. Bad values throw
/// <see cref="InvalidSettingException"/> naming the setting, before anything connects.
/// </summary>
/// <param name="Broker">External broker, or null when the command's default applies.</param>
/// <param name="UserName">User name, or null.</param>
/// <param name="Password">Password, or null.</param>
internal sealed record MqttSettings(BrokerEndpoint? Broker, string? UserName, string? Password)
{
    /// <summary>TLS settings for <see cref="Broker"/> (CA file, client certificate, server name, revocation), or null.</summary>
    public MqttTlsOptions? Tls { get; init; }

    /// <summary>Adds the TLS options (--tls, --ca-file, --cert-file, --key-file, --tls-server-name, --tls-revocation)
    /// to <paramref name="command"/>; <see cref="TlsOptionSet.Read"/> reads them back.</summary>
    public static TlsOptionSet AddTlsOptions(System.CommandLine.Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var set = new TlsOptionSet(
            new("--tls") { Description = MqttTlsSettings.Help.Tls },
            new("--ca-file") { Description = MqttTlsSettings.Help.CaFile },
            new("--cert-file") { Description = MqttTlsSettings.Help.CertFile },
            new("--key-file") { Description = MqttTlsSettings.Help.KeyFile },
            new("--tls-server-name") { Description = MqttTlsSettings.Help.ServerName },
            new("--tls-revocation") { Description = MqttTlsSettings.Help.Revocation });
        command.Options.Add(set.Tls);
        command.Options.Add(set.CaFile);
        command.Options.Add(set.CertFile);
        command.Options.Add(set.KeyFile);
        command.Options.Add(set.ServerName);
        command.Options.Add(set.Revocation);
        return set;
    }

    /// <summary>The TLS options of a command.</summary>
    internal sealed record TlsOptionSet(
        System.CommandLine.Option<bool> Tls, System.CommandLine.Option<string> CaFile, System.CommandLine.Option<string> CertFile,
        System.CommandLine.Option<string> KeyFile, System.CommandLine.Option<string> ServerName, System.CommandLine.Option<string> Revocation)
    {
        /// <summary>The values given on the command line.</summary>
        public MqttTlsSettings.Flags Read(System.CommandLine.ParseResult parse) => new(
            parse.GetValue(Tls), parse.GetValue(CaFile), parse.GetValue(CertFile), parse.GetValue(KeyFile), parse.GetValue(ServerName), parse.GetValue(Revocation));
    }

    /// <summary>Resolves the settings (environment variables win over the file).</summary>
    /// <param name="broker">The <c>--broker</c> value, or null.</param>
    /// <param name="configPath">The <c>--config</c> file, or null.</param>
    /// <param name="environment">Environment variables (the process's when null; tests pass their own).</param>
    /// <param name="tls">The TLS flags, or null when none were given.</param>
    public static MqttSettings Resolve(string? broker, string? configPath, IDictionary<string, string?>? environment = null,
        MqttTlsSettings.Flags? tls = null)
    {
        string? fileBroker = null, fileUser = null, filePassword = null;
        var fileTls = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (configPath is not null)
        {
            if (!File.Exists(configPath))
            {
                throw new InvalidSettingException("config", $"file '{configPath}' does not exist");
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(configPath));
                fileBroker = Read(document.RootElement, "Bridge", "Broker");
                fileUser = Read(document.RootElement, "Mqtt", "Username");
                filePassword = Read(document.RootElement, "Mqtt", "Password");
                foreach (var key in MqttTlsSettings.Keys)
                {
                    fileTls[key] = Read(document.RootElement, "Mqtt", key);
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                throw new InvalidSettingException("config", $"cannot be read: {ex.Message}");
            }
        }

        string? Env(string name) => environment is null
            ? Environment.GetEnvironmentVariable(name)
            : environment.TryGetValue(name, out var value) ? value : null;

        var text = broker ?? fileBroker;
        var endpoint = text is null ? null : BrokerEndpoint.Parse(text, "broker");
        (endpoint, var tlsOptions) = MqttTlsSettings.Resolve(endpoint, tls ?? new MqttTlsSettings.Flags(false, null, null, null, null, null),
            key => Blank(Env("ROVDSP_MQTT_" + key.ToUpperInvariant())) ?? Blank(fileTls.GetValueOrDefault(key)));
        return new MqttSettings(endpoint, Blank(Env("ROVDSP_MQTT_USERNAME")) ?? Blank(fileUser), Blank(Env("ROVDSP_MQTT_PASSWORD")) ?? Blank(filePassword))
        {
            Tls = tlsOptions,
        };
    }

    private static string? Read(JsonElement root, string section, string key) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object
        && s.TryGetProperty(key, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
