using System.Net;
using System.Text.Json;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Cli;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Broker;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>Closed by default: loopback unless told otherwise, and beyond loopback only with a password file, an
/// ACL and TLS, or the operator's explicit --insecure (warned about, and in the status).</summary>
public class ClosedByDefaultTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BridgeCommand.RunAsync(args, output, error, NoEnvironment);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void The_default_is_127_0_0_1_and_ipv6_loopback_never_a_wildcard()
    {
        var options = new EmbeddedBrokerOptions();
        Assert.Equal(IPAddress.Loopback, options.EffectiveAddresses[0]);
        Assert.All(options.EffectiveAddresses, a => Assert.True(IPAddress.IsLoopback(a)));
        Assert.True(options.IsLoopbackOnly);
        options.Validate();
    }

    [Theory]
    [InlineData("0.0.0.0", "--password-file, --acl-file, --tls-cert/--tls-key")]
    [InlineData("::", "--password-file, --acl-file, --tls-cert/--tls-key")]
    [InlineData("192.0.2.10", "--password-file, --acl-file, --tls-cert/--tls-key")]
    public async Task Listening_beyond_loopback_without_password_file_acl_and_tls_exits_2_saying_what_is_missing(string address, string missing)
    {
        var (code, output, error) = await Run("--listen", address, "--port", "0", "--no-view", "--duration", "1");
        Assert.Equal(BridgeCommand.ConfigurationExitCode, code);
        Assert.Contains("setting 'listen'", error, StringComparison.Ordinal);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Contains("--insecure", error, StringComparison.Ordinal);
        Assert.DoesNotContain("broker on", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_missing_pieces_are_named_and_bad_files_are_refused_before_anything_listens()
    {
        var passwords = SameAnswersFromBothBrokersTests.PasswordExample;
        var acl = SameAnswersFromBothBrokersTests.AclExample;
        var (code, _, error) = await Run("--listen", "0.0.0.0", "--password-file", passwords, "--acl-file", acl, "--port", "0");
        Assert.Equal(2, code);
        Assert.Contains("needs --tls-cert/--tls-key", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--password-file", error, StringComparison.Ordinal);

        (code, _, error) = await Run("--password-file", "/nonexistent/passwd", "--port", "0");
        Assert.Equal(2, code);
        Assert.Contains("setting 'password-file'", error, StringComparison.Ordinal);

        (code, _, error) = await Run("--tls-cert", passwords, "--port", "0");
        Assert.Equal(2, code);
        Assert.Contains("setting 'tls-key'", error, StringComparison.Ordinal);

        // An ACL with a bad line: named with its line number, exit 2 (mosquitto refuses to start on it too).
        var bad = Path.Combine(Path.GetTempPath(), $"rovdsp-acl-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(bad, "user pilot1\ntopic sometimes rov/#\n");
        try
        {
            (code, _, error) = await Run("--acl-file", bad, "--port", "0", "--no-view", "--duration", "1");
            Assert.Equal(2, code);
            Assert.Contains("setting 'acl-file'", error, StringComparison.Ordinal);
            Assert.Contains("line 2", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }

        (code, _, error) = await Run("--broker", "mqtt://127.0.0.1:1", "--acl-file", acl);
        Assert.Equal(2, code);
        Assert.Contains("setting 'broker'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insecure_prints_a_warning_at_start_up()
    {
        var (code, output, error) = await Run("--listen", "127.0.0.1", "--insecure", "--port", "0", "--no-view", "--duration", "3");
        Assert.True(code == 0, output + error);
        Assert.Contains("warning: --insecure", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insecure_shows_in_the_retained_status_and_its_absence_too()
    {
        foreach (var insecure in new[] { true, false })
        {
            await using var service = new BridgeService(
                new BridgeOptions { Vehicle = "r1", EmbeddedPort = 0, Embedded = new EmbeddedBrokerOptions { Insecure = insecure } },
                new SensorHandlerFactory());
            await service.StartAsync();
            await using var viewer = await MqttProbe.ConnectAsync(service.EmbeddedBroker!.Port, "status-view", null, null);
            await viewer.SubscribeAsync("rov/r1/status");
            await EmbeddedBrokerLinkTests.WaitUntil(() => viewer.Received.Any(m => m.Retain));
            using var status = JsonDocument.Parse(viewer.Received.First(m => m.Retain).Payload);
            Assert.Equal(insecure, status.RootElement.TryGetProperty("insecure", out var flag) && flag.GetBoolean());
        }
    }

    [Fact]
    public void Options_refuse_two_addresses_of_one_family()
    {
        var ex = Assert.Throws<BridgeConfigurationException>(() =>
            new EmbeddedBrokerOptions { Addresses = [IPAddress.Loopback, IPAddress.Parse("127.0.0.2")] }.Validate());
        Assert.Contains("setting 'listen'", ex.Message, StringComparison.Ordinal);
    }
}
