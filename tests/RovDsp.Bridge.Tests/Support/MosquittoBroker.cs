using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using RovDsp.Bridge.Broker;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>
/// A real mosquitto broker started by a test on a free loopback port with its own configuration
/// (<c>set_tcp_nodelay true</c>: without it small messages can wait ~40 ms; a large
/// <c>max_queued_messages</c>), stopped and restarted on demand to test reconnection. The benchmarks' latency
/// harness compiles this same file (linked from RovDsp.Benchmarks.csproj), so it must not depend on xunit.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly string _directory;
    private Process? _process;

    private MosquittoBroker(int port, string directory)
    {
        Port = port;
        _directory = directory;
    }

    /// <summary>Why a mosquitto test is skipped or a mosquitto run refused.</summary>
    public const string MissingMessage =
        "mosquitto (Debian packages mosquitto and mosquitto-clients) is not installed; `apt-get install mosquitto mosquitto-clients` or run under CI=true to require it.";

    /// <summary>Where mosquitto lives on Debian.</summary>
    public const string Executable = "/usr/sbin/mosquitto";

    /// <summary>Whether mosquitto and its command-line clients are installed.</summary>
    public static bool IsInstalled => File.Exists(Executable) && File.Exists("/usr/bin/mosquitto_pub") && File.Exists("/usr/bin/mosquitto_sub");

    /// <summary>Whether CI=true.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The port of its MQTT-over-WebSocket listener on 127.0.0.1 (0 when it has none).</summary>
    public int WebSocketPort { get; private set; }

    /// <summary>The broker's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts a broker on a free port (another, up to three times, if something else took the port between
    /// finding it free and mosquitto binding it: tests in other processes start brokers of their own meanwhile).</summary>
    public static Task<MosquittoBroker> StartAsync() => StartAsync((Func<int, string>?)null);

    /// <summary>Starts a broker as <see cref="StartAsync()"/> does, on a plain loopback listener, with
    /// <paramref name="security"/> (lines such as <c>password_file</c>, <c>acl_file</c>, <c>allow_anonymous</c>) in its
    /// configuration.</summary>
    public static Task<MosquittoBroker> StartAsync(string security) =>
        StartAsync(port => $"listener {port} 127.0.0.1\n{security}");

    /// <summary>As <see cref="StartAsync()"/>, with a second listener speaking MQTT over WebSocket on
    /// <see cref="WebSocketPort"/> when <paramref name="webSockets"/> (mosquitto's <c>protocol websockets</c>).</summary>
    public static Task<MosquittoBroker> StartAsync(bool webSockets) => StartAsync(webSockets, passwordFile: null);

    /// <summary>As <see cref="StartAsync(bool)"/>; with <paramref name="passwordFile"/> (made by mosquitto_passwd) anonymous
    /// clients are refused on every listener.</summary>
    public static Task<MosquittoBroker> StartAsync(bool webSockets, string? passwordFile) =>
        StartAsync(port => $"listener {port} 127.0.0.1\n"
            + (passwordFile is null ? "allow_anonymous true" : $"allow_anonymous false\npassword_file {passwordFile}"), webSockets);

    /// <summary>Starts a broker whose listener and security lines come from <paramref name="listener"/> (given the
    /// free port; e.g. a TLS listener with a password file and an ACL) instead of an anonymous plain listener, plus a
    /// WebSocket listener when <paramref name="webSockets"/>.</summary>
    public static async Task<MosquittoBroker> StartAsync(Func<int, string>? listener, bool webSockets = false)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException(MissingMessage);
        }

        for (var attempt = 1; ; attempt++)
        {
            var broker = await CreateAsync(listener, webSockets);
            try
            {
                await broker.RestartAsync();
                return broker;
            }
            catch (InvalidOperationException ex)
            {
                // A broker that did not come up leaves neither a process nor its directory behind, whatever the cause.
                await broker.DisposeAsync();
                if (ex is not PortTakenException || attempt >= 3)
                {
                    throw;
                }
            }
        }
    }

    private static async Task<MosquittoBroker> CreateAsync(Func<int, string>? listener, bool webSockets)
    {
        var directory = Directory.CreateTempSubdirectory("rovdsp-mosquitto-").FullName;
        var broker = new MosquittoBroker(EmbeddedBroker.FreePort(IPAddress.Loopback), directory);
        if (webSockets)
        {
            broker.WebSocketPort = EmbeddedBroker.FreePort(IPAddress.Loopback);
        }

        var listenerLines = listener?.Invoke(broker.Port) ?? $"listener {broker.Port} 127.0.0.1\nallow_anonymous true";
        await File.WriteAllTextAsync(Path.Combine(directory, "mosquitto.conf"), $"""
            {listenerLines}
            set_tcp_nodelay true
            max_queued_messages 100000
            persistence false
            log_dest stderr
            """.Replace("            ", "", StringComparison.Ordinal)
            + (webSockets ? $"\nlistener {broker.WebSocketPort} 127.0.0.1\nprotocol websockets\n" : ""));
        return broker;
    }

    /// <summary>(Re)starts the broker process and waits until mosquitto says it is running. Waiting for its own log
    /// line, not for a connection to the port, makes sure the listener is this broker's and not another process's
    /// that took the port meanwhile; if mosquitto exits instead, the exception carries its log.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var start = new ProcessStartInfo(Executable, ["-c", Path.Combine(_directory, "mosquitto.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var log = new ConcurrentQueue<string>();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                running.TrySetException(new InvalidOperationException("mosquitto ended before it was running"));
                return;
            }

            log.Enqueue(e.Data);
            // "<time>: mosquitto version 2.0.11 running"
            if (e.Data.EndsWith(" running", StringComparison.Ordinal))
            {
                running.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await running.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // The failed process may still be on its way out (its stderr closed first): wait for it, so a later
            // RestartAsync does not take it for a running broker and return without starting one (a fresh-clone
            // CI run failed that way: the test's second restart returned at once and its connect was refused).
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
            var text = string.Join(" | ", log);
            if (text.Contains("Address already in use", StringComparison.Ordinal))
            {
                throw new PortTakenException($"mosquitto could not listen on port {Port}: {text}");
            }

            throw new InvalidOperationException($"mosquitto did not come up on port {Port}: {text}", ex);
        }
    }

    /// <summary>mosquitto found its port taken by another process.</summary>
    private sealed class PortTakenException(string message) : InvalidOperationException(message);

    /// <summary>Kills the broker (SIGKILL: clients see the connection drop, no clean shutdown).</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    /// <summary>Runs a mosquitto client tool (mosquitto_pub / mosquitto_sub) against this broker.</summary>
    public ProcessStartInfo Client(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/" + tool)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-h");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
