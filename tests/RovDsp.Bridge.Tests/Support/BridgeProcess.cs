using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using RovDsp.Bridge.Broker;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>
/// The rovdsp-bridge program as a child process (embedded broker on a free loopback port, replaying a shipped
/// recording at 1x in a loop, no view), so its memory can be read from <c>/proc/&lt;pid&gt;/status</c> while clients
/// attack it. <c>ROVDSP_TEST_BRIDGE_DLL</c> points the tests at another build (to measure a baseline).
/// </summary>
public sealed class BridgeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private BridgeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>Port of the bridge's embedded broker.</summary>
    public int Port { get; }

    /// <summary>Process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Whether it is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Everything it printed so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the bridge replaying recordings/<paramref name="recording"/>.</summary>
    public static BridgeProcess Start(string recording = "nominal.mcap", IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = EmbeddedBroker.FreePort(IPAddress.Loopback);
        return StartWith(port, ["--port", port.ToString(CultureInfo.InvariantCulture), "--replay", RepoFiles.Recording(recording), "--loop", "--no-view", "--no-http"], environment);
    }

    /// <summary>Starts the bridge with exactly <paramref name="arguments"/> (<paramref name="port"/> is what
    /// <see cref="Port"/> reports: the embedded broker's or the external one's).</summary>
    public static BridgeProcess StartWith(int port, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Environment.GetEnvironmentVariable("ROVDSP_TEST_BRIDGE_DLL") ?? Path.Combine(AppContext.BaseDirectory, "rovdsp-bridge.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll }.Concat(arguments))
        {
            info.ArgumentList.Add(a);
        }

        // Only the settings the test gives: nothing of the developer's ROVDSP_ environment.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ROVDSP_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + dll);
        var bridge = new BridgeProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { bridge._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { bridge._output.Enqueue("stderr: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bridge;
    }

    /// <summary>Waits until the bridge has printed a line containing <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the bridge did not print '{text}' ({(_process.HasExited ? "it exited" : "timed out")}):\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the process at once (SIGKILL: no clean-up of any kind) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop (SIGTERM, as systemd or Kubernetes does) and returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Resident set size now, in bytes (VmRSS).</summary>
    public long RssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS in /proc/" + _process.Id + "/status");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed; nothing more to wait for.
        }

        _process.Dispose();
    }
}
