using System.Text.RegularExpressions;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Replay.Tests.Recording;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Cli;

/// <summary><c>play</c> and <c>record</c> against mosquitto 2.0.11 with a password file, an ACL and a TLS listener that
/// requires client certificates (<see cref="MosquittoSecurity"/>): they connect with --tls and the certificate
/// flags, and say why they cannot (exit 3 for refused credentials, 4 for TLS, 2 for usage errors).</summary>
public sealed class PlayRecordSecurityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-play-record-tls-").FullName;

    private const string Acl = """
        user recorder
        topic readwrite rov/#
        """;

    [Theory]
    [InlineData("play", "x.mcap", "--port", "abc")]
    [InlineData("record", "-o", "x.mcap", "--no-such-flag")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var run = await CliRun.RunAsync(TimeSpan.FromSeconds(30), args);
        Assert.Equal(LinkExitCodes.Usage, run.ExitCode);
        Assert.Contains("error:", run.Error, StringComparison.Ordinal);
    }

    [MosquittoFact]
    public async Task Record_and_play_over_TLS_with_client_certificates_and_exit_3_4_when_refused()
    {
        using var security = MosquittoSecurity.Create([("recorder", "pw")], Acl);
        await using var broker = await MosquittoBroker.StartAsync(port => security.Listener(port));
        var uri = $"mqtts://127.0.0.1:{broker.Port}";
        string[] certs = ["--ca-file", security.CaFile, "--cert-file", security.ClientCertFile, "--key-file", security.ClientKeyFile];
        // Credentials from a configuration file (the process environment is shared with the other tests).
        var config = Path.Combine(_dir, "mqtt.json");
        await File.WriteAllTextAsync(config, """{ "Mqtt": { "Username": "recorder", "Password": "pw" } }""");
        certs = [.. certs, "--config", config];

        var path = Path.Combine(_dir, "tls.mcap");
        var record = CliRun.Start(CancellationToken.None, ["record", "--broker", uri, "-o", path, "--duration", "6", .. certs]);
        await record.WaitForOutputAsync("subscribed", TimeSpan.FromSeconds(30));
        var play = await CliRun.RunAsync(TimeSpan.FromSeconds(60),
            ["play", ShippedRecordings.PathOf("obstacle.mcap"), "--broker", uri, "--from", "20", "--to", "22", "--speed", "5", .. certs]);
        Assert.True(play.ExitCode == 0, play.Error);
        Assert.Equal(0, await record.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        output.WriteLine(record.Output);
        var recorded = long.Parse(Regex.Match(record.Output, @"recorded (\d+) messages").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(recorded > 100, record.Output);

        // A wrong CA: exit 4, the certificate problem named.
        var wrongCa = await CliRun.RunAsync(TimeSpan.FromSeconds(60),
            ["record", "--broker", uri, "-o", Path.Combine(_dir, "no.mcap"), "--duration", "3", "--ca-file", security.OtherCaFile,
                "--cert-file", security.ClientCertFile, "--key-file", security.ClientKeyFile, "--config", config]);
        output.WriteLine(wrongCa.Error);
        Assert.Equal(LinkExitCodes.Tls, wrongCa.ExitCode);
        Assert.Matches("is not trusted: (PartialChain|UntrustedRoot)", wrongCa.Error);

        // A wrong password: exit 3, said at once (not after 20 silent attempts).
        await File.WriteAllTextAsync(config, """{ "Mqtt": { "Username": "recorder", "Password": "wrong" } }""");
        var wrongPassword = await CliRun.RunAsync(TimeSpan.FromSeconds(60),
            ["play", ShippedRecordings.PathOf("obstacle.mcap"), "--broker", uri, "--duration", "3", .. certs]);
        output.WriteLine(wrongPassword.Error);
        Assert.Equal(LinkExitCodes.Authentication, wrongPassword.ExitCode);
        Assert.Contains("wrong user name or password", wrongPassword.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Left behind: harmless.
        }
    }
}
