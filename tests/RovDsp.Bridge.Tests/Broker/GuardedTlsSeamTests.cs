using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Broker.Limits;
using RovDsp.Bridge.Tests.Security;

namespace RovDsp.Bridge.Tests.Broker;

/// <summary>The guarded listener's TLS seam (<see cref="GuardedTcpServerAdapter.Upgrade"/>): MQTT inside an
/// <see cref="SslStream"/> is read through the same guard, so the limits hold on a TLS listener too, and a client that
/// never completes the handshake is closed by the CONNECT timeout.</summary>
public class GuardedTlsSeamTests
{
    private static async Task ConnectOrSayWhyAsync(IMqttClient client, ConcurrentQueue<string> said, MqttClientOptions options)
    {
        try
        {
            await client.ConnectAsync(options);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException("connect failed; broker said: " + string.Join(" | ", said), ex);
        }
    }

    [Fact]
    public async Task Over_tls_the_connection_is_secure_a_small_publish_passes_an_oversize_one_is_refused_and_a_silent_socket_times_out()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // SslStream on Linux wants the key in a PKCS#12-loaded certificate. The CONNECT timeout leaves room for a cold
        // TLS stack (its first handshake in a process took over a second here).
        using var certificate = X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pfx), null);
        var refusals = new BrokerRefusals();
        var said = new ConcurrentQueue<string>();
        refusals.Reporter = (source, reason, detail) => said.Enqueue($"{reason}: {detail}");
        var port = EmbeddedBroker.FreePort(IPAddress.Loopback);
        var limits = new BrokerLimits { MaxPacketBytes = 64 * 1024, MaxQueuedBytesPerClient = 1 << 20, ConnectTimeout = TimeSpan.FromSeconds(3) };
        var adapter = new GuardedTcpServerAdapter([new IPEndPoint(IPAddress.Loopback, port)], limits, refusals)
        {
            Upgrade = async (stream, cancellationToken) =>
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, cancellationToken);
                return tls;
            },
        };
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().Build(), [adapter]);
        var secure = new ConcurrentBag<bool>();
        server.ValidatingConnectionAsync += e =>
        {
            secure.Add(e.IsSecureConnection);
            return Task.CompletedTask;
        };
        await server.StartAsync();
        try
        {
            using var client = new MqttClientFactory().CreateMqttClient();
            var received = new ConcurrentBag<int>();
            client.ApplicationMessageReceivedAsync += e =>
            {
                received.Add((int)e.ApplicationMessage.Payload.Length);
                return Task.CompletedTask;
            };
            await ConnectOrSayWhyAsync(client, said, new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("tls-client")
                .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(10))
                .WithTlsOptions(o => o.UseTls().WithCertificateValidationHandler(_ => true)).Build());
            Assert.Equal([true], secure);
            await client.SubscribeAsync("t/#");
            await client.PublishBinaryAsync("t/small", new byte[1000], MqttQualityOfServiceLevel.AtLeastOnce);
            var clock = Stopwatch.StartNew();
            while (!received.Contains(1000) && clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(20);
            }

            Assert.Contains(1000, received);
            await Assert.ThrowsAnyAsync<Exception>(() => client.PublishBinaryAsync("t/big", new byte[100_000], MqttQualityOfServiceLevel.AtLeastOnce));
            // The client can see its connection fail before the broker's side has counted the refusal (a fresh-clone CI
            // run read 0 at once): wait for the count, as for the timeout below.
            clock.Restart();
            while (refusals["packet-too-large"] == 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(20);
            }

            Assert.Equal(1, refusals["packet-too-large"]);

            // A socket that never starts the TLS handshake.
            using var silent = await RawMqtt.OpenAsync(port);
            Assert.True(await RawMqtt.ClosedByBrokerWithinAsync(silent, TimeSpan.FromSeconds(8)), "the silent socket is still open");
            clock.Restart();
            while (refusals["connect-timeout"] == 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(20);
            }

            Assert.Equal(1, refusals["connect-timeout"]);
            Assert.DoesNotContain(100_000, received);
        }
        finally
        {
            await server.StopAsync(new MqttServerStopOptions());
        }
    }
}
