using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using RovDsp.Bridge.Cli;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Cli;

/// <summary>
/// rovdsp-bridge says its failures out loud, with distinct exit codes: usage errors (2), a broker that refuses the
/// credentials or an ACL that refuses its publishes (3), TLS problems (4); against mosquitto 2.0.11 with a password
/// file and an ACL the test makes (<see cref="MosquittoSecurity"/>), over plain TCP and over TLS with client
/// certificates.
/// </summary>
public sealed class BridgeCommandSecurityTests(ITestOutputHelper log)
{
    private sealed class LockedWriter : StringWriter
    {
        public override void Write(char value)
        {
            lock (this)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (this)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (this)
            {
                base.WriteLine(value);
            }
        }

        public override string ToString()
        {
            lock (this)
            {
                return base.ToString();
            }
        }
    }

    private async Task<(int Code, string Output, string Error, TimeSpan Elapsed)> Run(string[] args, Dictionary<string, string?> environment,
        Func<LockedWriter, LockedWriter, Task>? during = null)
    {
        using var output = new LockedWriter();
        using var error = new LockedWriter();
        var watch = Stopwatch.StartNew();
        var run = BridgeCommand.RunAsync(args, output, error, environment);
        if (during is not null)
        {
            await during(output, error);
        }

        var code = await run.WaitAsync(TimeSpan.FromSeconds(90));
        log.WriteLine($"exit {code} after {watch.Elapsed.TotalSeconds:F1} s\n--- stdout\n{output}\n--- stderr\n{error}");
        return (code, output.ToString(), error.ToString(), watch.Elapsed);
    }

    private static Dictionary<string, string?> Credentials(string user, string password, string? viewUser = null, string? viewPassword = null)
    {
        var environment = new Dictionary<string, string?> { ["ROVDSP_MQTT_USERNAME"] = user, ["ROVDSP_MQTT_PASSWORD"] = password };
        if (viewUser is not null)
        {
            environment["ROVDSP_VIEW_USERNAME"] = viewUser;
            environment["ROVDSP_VIEW_PASSWORD"] = viewPassword;
        }

        return environment;
    }

    // The least-privilege policy of issue 16: sensors write raw, the bridge reads raw and writes everything it
    // publishes, pilots read feeds, alarms and status.
    private const string LeastPrivilege = """
        user bridge
        topic readwrite rov/+/raw/#
        topic write rov/+/feed/#
        topic write rov/+/alarms/#
        topic write rov/+/status
        topic write rov/+/metrics
        topic write rov/+/errors
        user pilot
        topic read rov/+/feed/#
        topic read rov/+/alarms/#
        topic read rov/+/status
        topic read rov/+/metrics
        """;

    [Theory]
    [InlineData("--port", "abc")]
    [InlineData("--no-such-flag", "1")]
    public async Task Usage_errors_exit_2(string option, string value)
    {
        var (code, _, error, _) = await Run([option, value], []);
        Assert.Equal(LinkExitCodes.Usage, code);
        Assert.Contains("rovdsp-bridge:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_replay_file_is_one_line_and_exit_2_not_a_stack_trace()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rovdsp-garbage-{Guid.NewGuid():N}.mcap");
        await File.WriteAllBytesAsync(file, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 131 % 251))]);
        try
        {
            var (code, _, error, _) = await Run(["--port", "0", "--replay", file, "--no-view"], []);
            Assert.Equal(LinkExitCodes.Usage, code);
            Assert.Contains("setting 'replay'", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Help_lists_the_exit_codes()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await BridgeCommand.RunAsync(["--help"], output, error, new Dictionary<string, string?>()));
        Assert.Contains("3 broker refused credentials", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--ca-file", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_broker_is_said_at_once_with_exit_code_1()
    {
        var port = RovDsp.Bridge.Broker.EmbeddedBroker.FreePort(System.Net.IPAddress.Loopback);
        var (code, _, error, elapsed) = await Run(["--broker", $"mqtt://127.0.0.1:{port}", "--duration", "2", "--no-view"], []);
        Assert.Equal(LinkExitCodes.RuntimeFailure, code);
        Assert.Contains("unreachable: mqtt://127.0.0.1:", error, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused", error, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [MosquittoFact]
    public async Task A_wrong_password_is_said_at_once_with_exit_code_3_even_with_a_short_duration()
    {
        using var security = MosquittoSecurity.Create([("bridge", "right")], LeastPrivilege);
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port, tls: false));
        var (code, _, error, elapsed) = await Run(["--broker", $"mqtt://127.0.0.1:{broker.Port}", "--duration", "3", "--no-view"],
            Credentials("bridge", "wrong"));
        Assert.Equal(LinkExitCodes.Authentication, code);
        Assert.Contains("not authorised", error, StringComparison.Ordinal);
        Assert.Contains("wrong user name or password", error, StringComparison.Ordinal);
        // Said once per link when the reason first appears, not once per retry (the bridge's prompt link retried
        // many times in 3 s with a 100 ms base backoff).
        var refusalLines = error.Split('\n').Count(l => l.Contains("MQTT link rovdsp-bridge:", StringComparison.Ordinal));
        Assert.Equal(1, refusalLines);
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"took {elapsed}");
    }

    [MosquittoFact]
    public async Task An_ACL_that_denies_alarms_status_and_metrics_is_reported_counted_and_exits_3()
    {
        const string DenyReports = """
            user bridge
            topic readwrite rov/+/raw/#
            topic write rov/+/feed/#
            topic read rov/#
            """;
        using var security = MosquittoSecurity.Create([("bridge", "pw")], DenyReports);
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port, tls: false));
        var (code, _, error, _) = await Run(
            ["--broker", $"mqtt://127.0.0.1:{broker.Port}", "--simulate", "nominal", "--simulate-minutes", "0.1", "--speed", "2", "--duration", "4", "--no-view"],
            Credentials("bridge", "pw"));
        Assert.Equal(LinkExitCodes.Authentication, code);
        // mosquitto 2.0.11 answers a denied QoS 1 publish with PUBACK NotAuthorized (MQTT 5): the retained status on
        // connect and the metrics every second.
        Assert.Contains("refused a publish to 'rov/rov1/status' (PUBACK NotAuthorized)", error, StringComparison.Ordinal);
        Assert.Contains("refused a publish to 'rov/rov1/metrics' (PUBACK NotAuthorized)", error, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"at the end of the run: \d+ publish\(es\) to 'rov/rov1/metrics' refused by the broker"), error);
        // Rate-limited: metrics are refused every second for 4 s but reported at most once per 5 s per topic.
        Assert.Equal(1, error.Split('\n').Count(l => l.Contains("refused a publish to 'rov/rov1/metrics'", StringComparison.Ordinal)));
    }

    [MosquittoFact]
    public async Task The_pilot_view_reads_with_its_own_credentials_and_the_bridge_works_under_least_privilege()
    {
        using var security = MosquittoSecurity.Create([("bridge", "bridge-pw"), ("pilot", "pilot-pw")], LeastPrivilege);
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port, tls: false));
        string[] args = ["--broker", $"mqtt://127.0.0.1:{broker.Port}", "--simulate", "nominal", "--simulate-minutes", "0.1", "--speed", "2", "--duration", "4", "--no-view"];

        var (code, output, error, _) = await Run(args, Credentials("bridge", "bridge-pw", "pilot", "pilot-pw"));
        Assert.True(code == 0, error);
        Assert.Matches(new Regex(@"alt \d+\.\d\d m"), output);
        Assert.DoesNotContain("LINK PROBLEM", output, StringComparison.Ordinal);

        // With the bridge's own credentials (which may not read feeds) mosquitto 2.0.11 grants the view's subscriptions
        // (SUBACK success) and then delivers nothing: the view says it hears nothing instead of looking calm.
        (_, output, _, _) = await Run(["--broker", $"mqtt://127.0.0.1:{broker.Port}", "--duration", "8", "--no-view"], Credentials("bridge", "bridge-pw"));
        Assert.Contains("LINK PROBLEM: NO FEEDS for", output, StringComparison.Ordinal);
        Assert.Contains("user bridge may not read rov/rov1/#", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"alt \d+\.\d\d m"), output);
    }

    [MosquittoFact]
    public async Task Losing_authorisation_mid_run_is_logged_shown_in_the_view_and_exits_3()
    {
        using var security = MosquittoSecurity.Create([("bridge", "old"), ("pilot", "pilot-pw")], LeastPrivilege);
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port, tls: false));
        var (code, output, error, _) = await Run(["--broker", $"mqtt://127.0.0.1:{broker.Port}", "--duration", "8", "--no-view"],
            Credentials("bridge", "old", "pilot", "pilot-pw"),
            async (o, _) =>
            {
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (!o.ToString().Contains("connected to", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }

                // The password changes and the broker restarts: every reconnection of the bridge is refused.
                security.SetPassword("bridge", "new");
                await broker.KillAsync();
                await broker.RestartAsync();
            });
        Assert.Equal(LinkExitCodes.Authentication, code);
        Assert.Contains("MQTT link rovdsp-bridge: not authorised", error, StringComparison.Ordinal);
        Assert.Contains("at the end of the run: MQTT link rovdsp-bridge DOWN: not authorised", error, StringComparison.Ordinal);
        Assert.Contains("LINK PROBLEM: MQTT link rovdsp-bridge DOWN", output, StringComparison.Ordinal);
    }

    [MosquittoFact]
    public async Task A_reconnection_after_refused_attempts_says_so_on_stderr_and_in_the_retained_status()
    {
        using var security = MosquittoSecurity.Create([("bridge", "pw"), ("pilot", "pilot-pw")], LeastPrivilege);
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port, tls: false));
        var endpoint = new BrokerEndpoint("127.0.0.1", broker.Port, false);
        string? status = null;
        var (code, _, error, _) = await Run(["--broker", endpoint.ToString(), "--duration", "12", "--no-view"],
            Credentials("bridge", "pw", "pilot", "pilot-pw"),
            async (o, e) =>
            {
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (!o.ToString().Contains("connected to", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }

                security.SetPassword("bridge", "changed");
                await broker.KillAsync();
                await broker.RestartAsync();
                while (!e.ToString().Contains("MQTT link rovdsp-bridge: not authorised", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }

                // Put right again: the bridge reconnects by itself and its status says what happened in between.
                security.SetPassword("bridge", "pw");
                await broker.KillAsync();
                await broker.RestartAsync();
                var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var pilot = new MqttLink(
                    new MqttLinkOptions { Endpoint = endpoint, ClientId = "pilot-status", UserName = "pilot", Password = "pilot-pw", Subscriptions = [("rov/rov1/status", 1)] },
                    m =>
                    {
                        var text = Encoding.UTF8.GetString(m.ApplicationMessage.Payload);
                        if (text.Contains("failed attempt", StringComparison.Ordinal))
                        {
                            received.TrySetResult(text);
                        }

                        return Task.CompletedTask;
                    });
                await pilot.StartAsync(TimeSpan.FromSeconds(10));
                status = await received.Task.WaitAsync(TimeSpan.FromSeconds(8));
            });
        Assert.NotNull(status);
        log.WriteLine(status);
        Assert.Contains("\"state\":\"online\"", status, StringComparison.Ordinal);
        Assert.Contains("failed attempt(s) before this connection: ", status, StringComparison.Ordinal);
        Assert.Contains("not authorised: ", status, StringComparison.Ordinal);
        Assert.Contains("MQTT link rovdsp-bridge: connected after", error, StringComparison.Ordinal);
        // Recovered before the end: said, and not a failure of the run.
        Assert.Equal(0, code);
    }

    [MosquittoFact]
    public async Task Over_TLS_with_client_certificates_the_bridge_runs_and_a_wrong_CA_exits_4()
    {
        const string Acl = """
            user bridge
            topic readwrite rov/#
            """;
        using var security = MosquittoSecurity.Create([("bridge", "pw")], Acl);
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port));
        string[] tls(string ca) => ["--broker", $"mqtt://127.0.0.1:{broker.Port}", "--tls", "--ca-file", ca, "--cert-file", security.ClientCertFile,
            "--key-file", security.ClientKeyFile, "--simulate", "nominal", "--simulate-minutes", "0.1", "--speed", "4", "--no-view"];

        var (code, output, error, _) = await Run(tls(security.CaFile), Credentials("bridge", "pw"));
        Assert.True(code == 0, error);
        Assert.Matches(new Regex(@"raw messages received [1-9]\d*"), output);
        Assert.Matches(new Regex(@"alt \d+\.\d\d m"), output);

        (code, _, error, _) = await Run(tls(security.OtherCaFile), Credentials("bridge", "pw"));
        Assert.Equal(LinkExitCodes.Tls, code);
        Assert.Matches(new Regex("TLS failure: the broker's certificate .* is not trusted: (PartialChain|UntrustedRoot)"), error);
    }
}
