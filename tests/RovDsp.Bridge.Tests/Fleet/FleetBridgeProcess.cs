using System.Collections.Concurrent;
using System.Diagnostics;

namespace RovDsp.Bridge.Tests.Fleet;

/// <summary>rovdsp-bridge as a child process with the given arguments (the fleet flags, against an external
/// broker), its output kept; killed with SIGKILL on demand, as a crash or an OOM kill would.</summary>
internal sealed class FleetBridgeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private FleetBridgeProcess(Process process) => _process = process;

    /// <summary>Everything it printed so far (stderr lines prefixed).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Whether it is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Starts rovdsp-bridge with <paramref name="arguments"/>.</summary>
    public static FleetBridgeProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rovdsp-bridge.dll"));
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ROVDSP_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start rovdsp-bridge");
        var bridge = new FleetBridgeProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { bridge._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { bridge._output.Enqueue("stderr: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bridge;
    }

    /// <summary>SIGKILL: no offline status of its own, only the broker's last wills.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (OperationCanceledException)
        {
            // Killed; nothing more to wait for.
        }

        _process.Dispose();
    }
}
