using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Connection;

/// <summary>
/// <see cref="MqttLink"/> over TLS against mosquitto 2.0.11 with <c>require_certificate true</c>, a password file
/// (<c>mosquitto_passwd</c>) and an ACL, all made by the test (<see cref="MosquittoSecurity"/>): the right CA and
/// client certificate connect and carry messages; a wrong CA, a missing client certificate, a wrong server name and
/// a wrong password are refused with the problem named; revocation is not checked by default, so a certificate whose
/// CRL cannot be fetched (as on a ship's isolated network) still connects.
/// </summary>
public sealed class MqttLinkTlsTests
{
    private const string Acl = """
        user bridge
        topic readwrite rov/#
        user sensor
        topic write rov/+/raw/#
        """;

    private static MosquittoSecurity Security(string? crlUrl = null) =>
        MosquittoSecurity.Create([("bridge", "bridge-secret"), ("sensor", "sensor-secret")], Acl, crlUrl);

    private static MqttLinkOptions Options(MosquittoBroker broker, MqttTlsOptions tls, string user = "bridge", string password = "bridge-secret",
        IReadOnlyList<(string, int)>? subscriptions = null) => new()
    {
        Endpoint = new BrokerEndpoint("127.0.0.1", broker.Port, true),
        ClientId = "tls-test-" + Guid.NewGuid().ToString("N")[..8],
        UserName = user,
        Password = password,
        Tls = tls,
        Subscriptions = subscriptions ?? [],
        Reconnect = new ReconnectPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)),
    };

    private static MqttTlsOptions Right(MosquittoSecurity s) => new() { CaFile = s.CaFile, CertificateFile = s.ClientCertFile, KeyFile = s.ClientKeyFile };

    private static async Task<LinkFailure> RefusedAsync(MqttLinkOptions options)
    {
        var link = new MqttLink(options);
        var ex = await Assert.ThrowsAsync<MqttLinkException>(() => link.StartAsync(TimeSpan.FromSeconds(4)));
        Assert.NotNull(ex.Failure);
        return ex.Failure!;
    }

    [MosquittoFact]
    public async Task Right_CA_and_client_certificate_connect_subscribe_and_publish_through_mosquitto()
    {
        using var security = Security();
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port));
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscriber = new MqttLink(Options(broker, Right(security), subscriptions: [("rov/rov1/feed/#", 1)]), e =>
        {
            received.TrySetResult(e.ApplicationMessage.Topic + " " + Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        });
        await subscriber.StartAsync(TimeSpan.FromSeconds(10));
        await using var publisher = new MqttLink(Options(broker, Right(security)));
        await publisher.StartAsync(TimeSpan.FromSeconds(10));
        Assert.True(await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("rov/rov1/feed/altitude/echo1").WithPayload("{\"a\":1}")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()));
        Assert.Equal("rov/rov1/feed/altitude/echo1 {\"a\":1}", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, publisher.PublishesRefused);
        Assert.Equal(0, subscriber.SubscriptionsRefused);
    }

    [MosquittoFact]
    public async Task A_wrong_CA_is_refused_naming_the_certificate_problem()
    {
        using var security = Security();
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port));
        var failure = await RefusedAsync(Options(broker, Right(security) with { CaFile = security.OtherCaFile }));
        Assert.Equal(LinkFailureKind.Tls, failure.Kind);
        // .NET reports a chain that ends at a root not in the custom trust store as PartialChain or UntrustedRoot.
        Assert.Matches("PartialChain|UntrustedRoot", failure.Message);
        Assert.Contains("CN=localhost", failure.Message, StringComparison.Ordinal);
        Assert.Equal(LinkExitCodes.Tls, LinkExitCodes.For(failure));
    }

    [MosquittoFact]
    public async Task The_system_trust_store_is_not_consulted_when_a_CA_file_is_given()
    {
        // Without a CA file the system store decides, and it does not hold the test CA: refused as untrusted too.
        using var security = Security();
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port));
        var failure = await RefusedAsync(Options(broker, Right(security) with { CaFile = null }));
        Assert.Equal(LinkFailureKind.Tls, failure.Kind);
    }

    [MosquittoFact]
    public async Task A_missing_client_certificate_is_refused_and_said()
    {
        using var security = Security();
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port));
        var failure = await RefusedAsync(Options(broker, new MqttTlsOptions { CaFile = security.CaFile }));
        Assert.True(failure.Kind == LinkFailureKind.Tls, failure.ToString());
        Assert.Contains("client certificate", failure.Message, StringComparison.Ordinal);
    }

    [MosquittoFact]
    public async Task A_wrong_server_name_is_refused_as_a_name_mismatch()
    {
        using var security = Security();
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port));
        var failure = await RefusedAsync(Options(broker, Right(security) with { ServerName = "broker.elsewhere.example" }));
        Assert.Equal(LinkFailureKind.Tls, failure.Kind);
        Assert.Contains("server name mismatch", failure.Message, StringComparison.Ordinal);
        Assert.Contains("broker.elsewhere.example", failure.Message, StringComparison.Ordinal);

        // The right name, given explicitly, is accepted (SNI and check both use it).
        await using var link = new MqttLink(Options(broker, Right(security) with { ServerName = "localhost" }));
        await link.StartAsync(TimeSpan.FromSeconds(10));
        Assert.True(link.IsConnected);
    }

    [MosquittoFact]
    public async Task A_wrong_password_over_TLS_is_refused_with_exit_code_3()
    {
        using var security = Security();
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port));
        var failure = await RefusedAsync(Options(broker, Right(security), password: "wrong"));
        // mosquitto 2.0.11 answers a wrong password on MQTT 5 with CONNACK NotAuthorized (0x87), not
        // BadUserNameOrPassword (0x86): the message says both possibilities.
        Assert.Equal(LinkFailureKind.NotAuthorized, failure.Kind);
        Assert.Contains("NotAuthorized", failure.Message, StringComparison.Ordinal);
        Assert.Contains("password", failure.Message, StringComparison.Ordinal);
        Assert.Equal(LinkExitCodes.Authentication, LinkExitCodes.For(failure));
    }

    [MosquittoFact]
    public async Task Revocation_is_not_checked_by_default_so_an_unreachable_CRL_does_not_stop_the_link()
    {
        // The server certificate names a CRL at a port where nothing listens, as a shore CRL is unreachable at sea.
        using var security = Security(crlUrl: $"http://127.0.0.1:{RovDsp.Bridge.Broker.EmbeddedBroker.FreePort(System.Net.IPAddress.Loopback)}/ca.crl");
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port));
        await using (var link = new MqttLink(Options(broker, Right(security))))
        {
            await link.StartAsync(TimeSpan.FromSeconds(10));
            Assert.True(link.IsConnected);
        }

        // The same certificate with an online check: refused, the revocation problem named. Offline likewise (no CRL
        // is cached for a private CA), which is why NoCheck is the default.
        var online = await RefusedAsync(Options(broker, Right(security) with { RevocationMode = X509RevocationMode.Online }));
        Assert.Equal(LinkFailureKind.Tls, online.Kind);
        Assert.Contains("Revocation", online.Message, StringComparison.Ordinal);
        var offline = await RefusedAsync(Options(broker, Right(security) with { RevocationMode = X509RevocationMode.Offline }));
        Assert.Contains("Revocation", offline.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_certificate_files_are_setting_errors_before_anything_connects()
    {
        var endpoint = new BrokerEndpoint("127.0.0.1", 1, true);
        var missing = Assert.Throws<BridgeConfigurationException>(() => new MqttLink(new MqttLinkOptions
        {
            Endpoint = endpoint, ClientId = "x", Tls = new MqttTlsOptions { CaFile = "/nonexistent/ca.crt" },
        }));
        Assert.Contains("ca-file", missing.Message, StringComparison.Ordinal);
        var plain = Assert.Throws<BridgeConfigurationException>(() => new MqttLink(new MqttLinkOptions
        {
            Endpoint = endpoint with { UseTls = false }, ClientId = "x", Tls = new MqttTlsOptions { CaFile = "/etc/hostname" },
        }));
        Assert.Contains("not TLS", plain.Message, StringComparison.Ordinal);
        Assert.Equal(X509RevocationMode.Offline, MqttTlsOptions.ParseRevocationMode("offline"));
        Assert.Throws<BridgeConfigurationException>(() => MqttTlsOptions.ParseRevocationMode("sometimes"));
    }
}
