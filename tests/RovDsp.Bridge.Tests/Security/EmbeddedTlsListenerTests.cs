using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>The embedded broker's TLS listener from PEM files, with mosquitto_sub as the peer: certificates made by
/// openssl at test time (a CA and a server certificate for 127.0.0.1), so the peer verifies the chain and the
/// address as it would on a vessel.</summary>
public sealed class EmbeddedTlsListenerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {await stderr}");
    }

    /// <summary>A CA named <paramref name="name"/> and, if <paramref name="server"/>, a server certificate it signs.</summary>
    private async Task MakeCa(string name, bool server)
    {
        string P(string f) => Path.Combine(_dir, f);
        await Run("/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", P(name + ".key"), "-out", P(name + ".pem"), "-days", "2", "-subj", "/CN=" + name);
        if (server)
        {
            await Run("/usr/bin/openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", P("server.key"), "-out", P("server.csr"), "-subj", "/CN=127.0.0.1");
            await File.WriteAllTextAsync(P("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            await Run("/usr/bin/openssl", "x509", "-req", "-in", P("server.csr"), "-CA", P(name + ".pem"), "-CAkey", P(name + ".key"),
                "-CAcreateserial", "-out", P("server.pem"), "-days", "2", "-extfile", P("server.ext"));
        }
    }

    /// <summary>mosquitto_sub over TLS for one message; returns its output lines and exit code.</summary>
    private static async Task<(int Code, List<string> Lines)> Subscribe(int tlsPort, string caFile, Func<Task> whenSubscribed)
    {
        var start = new ProcessStartInfo("/usr/bin/stdbuf", ["-oL", "/usr/bin/mosquitto_sub", "-d", "-h", "127.0.0.1", "-p", tlsPort.ToString(CultureInfo.InvariantCulture),
            "--cafile", caFile, "-i", "tls-sub", "-t", "rov/r1/feed/#", "-C", "1", "-W", "10"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var lines = new ConcurrentQueue<string>();
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lines.Enqueue(e.Data);
            if (e.Data.Contains("received SUBACK", StringComparison.OrdinalIgnoreCase))
            {
                subscribed.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue("stderr: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(subscribed.Task, exited, Task.Delay(TimeSpan.FromSeconds(15))) == subscribed.Task)
        {
            await whenSubscribed();
        }

        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(15))) != exited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        return (process.ExitCode, [.. lines]);
    }

    [MosquittoFact]
    public async Task Mosquitto_sub_with_the_ca_file_gets_messages_over_the_tls_listener_and_with_another_ca_gets_nothing()
    {
        await MakeCa("vessel-ca", server: true);
        await MakeCa("other-ca", server: false);
        await using var broker = await EmbeddedBroker.StartAsync(new EmbeddedBrokerOptions
        {
            Port = 0,
            TlsPort = 0,
            TlsCertificateFile = Path.Combine(_dir, "server.pem"),
            TlsKeyFile = Path.Combine(_dir, "server.key"),
        });
        Assert.NotNull(broker.TlsPort);

        var (code, lines) = await Subscribe(broker.TlsPort!.Value, Path.Combine(_dir, "vessel-ca.pem"), async () =>
        {
            await using var publisher = await MqttProbe.ConnectAsync(broker.Port, "feeder", null, null);
            await publisher.PublishAsync("rov/r1/feed/altitude/echo1", "over-tls");
        });
        Assert.True(code == 0, string.Join('\n', lines));
        Assert.Contains("over-tls", lines);

        (code, lines) = await Subscribe(broker.TlsPort.Value, Path.Combine(_dir, "other-ca.pem"), () => Task.CompletedTask);
        Assert.NotEqual(0, code);
        Assert.DoesNotContain(lines, l => l.Contains("SUBACK", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(lines, l => l.Contains("certificate verify failed", StringComparison.OrdinalIgnoreCase) || l.Contains("tls", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_key_that_does_not_match_the_certificate_is_refused_naming_the_setting()
    {
        await MakeCa("vessel-ca", server: true);
        var ex = await Assert.ThrowsAsync<RovDsp.Bridge.Connection.BridgeConfigurationException>(() => EmbeddedBroker.StartAsync(new EmbeddedBrokerOptions
        {
            Port = 0,
            TlsPort = 0,
            TlsCertificateFile = Path.Combine(_dir, "server.pem"),
            TlsKeyFile = Path.Combine(_dir, "vessel-ca.key"),
        }));
        Assert.Contains("setting 'tls-cert'", ex.Message, StringComparison.Ordinal);
    }
}
