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
    /// <summary>Resolves the settings (environment variables win over the file).</summary>
    /// <param name="broker">The <c>--broker</c> value, or null.</param>
    /// <param name="configPath">The <c>--config</c> file, or null.</param>
    /// <param name="environment">Environment variables (the process's when null; tests pass their own).</param>
    public static MqttSettings Resolve(string? broker, string? configPath, IDictionary<string, string?>? environment = null)
    {
        string? fileBroker = null, fileUser = null, filePassword = null;
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
        return new MqttSettings(endpoint, Blank(Env("ROVDSP_MQTT_USERNAME")) ?? Blank(fileUser), Blank(Env("ROVDSP_MQTT_PASSWORD")) ?? Blank(filePassword));
    }

    private static string? Read(JsonElement root, string section, string key) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object
        && s.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
