using System.Security.Cryptography.X509Certificates;
using RovDsp.Bridge.Cli;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Cli;

/// <summary>The TLS settings resolve from flags, the environment (ROVDSP_MQTT_*) and the JSON file (Mqtt section),
/// flags first; a bad one is a settings error (exit 2) naming it, before anything connects.</summary>
public sealed class BridgeTlsSettingsTests
{
    private static BridgeSettings.Inputs Inputs(string? broker, MqttTlsSettings.Flags? tls = null, string? config = null) =>
        new(broker, null, null, null, null, null, null, false, null, null, null, null, null, null, true, config)
        {
            Tls = tls ?? new MqttTlsSettings.Flags(false, null, null, null, null, null),
        };

    [Fact]
    public void Environment_and_config_file_give_the_TLS_settings_and_flags_win()
    {
        using var security = MosquittoSecurity.Create([("u", "p")], "user u\ntopic read #\n");
        var settings = BridgeSettings.Resolve(Inputs("mqtt://127.0.0.1:8883"), new Dictionary<string, string?>
        {
            ["ROVDSP_MQTT_TLS"] = "true",
            ["ROVDSP_MQTT_CAFILE"] = security.CaFile,
            ["ROVDSP_MQTT_CERTFILE"] = security.ClientCertFile,
            ["ROVDSP_MQTT_KEYFILE"] = security.ClientKeyFile,
            ["ROVDSP_MQTT_TLSREVOCATION"] = "offline",
        });
        Assert.True(settings.Bridge.Broker!.UseTls);
        Assert.Equal(security.CaFile, settings.Bridge.Tls!.CaFile);
        Assert.Equal(X509RevocationMode.Offline, settings.Bridge.Tls.RevocationMode);

        var file = Path.Combine(security.Directory, "bridge.json");
        File.WriteAllText(file, $$"""{ "Bridge": { "Broker": "mqtts://127.0.0.1:8883" }, "Mqtt": { "CaFile": "{{security.CaFile}}", "TlsServerName": "localhost" } }""");
        settings = BridgeSettings.Resolve(Inputs(null, config: file), new Dictionary<string, string?>());
        Assert.Equal("localhost", settings.Bridge.Tls!.ServerName);
        Assert.Equal(X509RevocationMode.NoCheck, settings.Bridge.Tls.RevocationMode);

        settings = BridgeSettings.Resolve(Inputs(null, new MqttTlsSettings.Flags(false, null, null, null, "broker.ship", null), file), new Dictionary<string, string?>());
        Assert.Equal("broker.ship", settings.Bridge.Tls!.ServerName);
    }

    [Theory]
    [InlineData("ca-file", "mqtts://127.0.0.1:8883", "/nonexistent/ca.pem", null)]
    [InlineData("tls-revocation", "mqtts://127.0.0.1:8883", null, "sometimes")]
    [InlineData("tls", "mqtt://127.0.0.1:1883", "/etc/hostname", null)]
    [InlineData("ca-file", null, "/etc/hostname", null)]
    public void Bad_TLS_settings_are_settings_errors(string setting, string? broker, string? ca, string? revocation)
    {
        var ex = Assert.Throws<BridgeConfigurationException>(() =>
            BridgeSettings.Resolve(Inputs(broker, new MqttTlsSettings.Flags(false, ca, null, null, null, revocation)), new Dictionary<string, string?>()));
        Assert.Contains($"setting '{setting}'", ex.Message, StringComparison.Ordinal);
    }
}
