using System.Diagnostics;
using System.Net;
using RovDsp.Bridge.Broker;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>
/// The independent Modbus peers: Debian's python3-pymodbus running scripts/modbus-sim.py as the slurry line's PLC,
/// and mbpoll as a second client. scripts/test.sh installs both; outside CI a missing one skips the tests that
/// need it, under CI=true they fail.
/// </summary>
public sealed class ModbusPeers : IAsyncDisposable
{
    /// <summary>The skip message.</summary>
    public const string MissingMessage = "python3-pymodbus or mbpoll is not installed (apt-get install python3-pymodbus mbpoll; scripts/test.sh does it)";

    private readonly Process _process;

    private ModbusPeers(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>Whether both peers are installed.</summary>
    public static bool IsInstalled =>
        File.Exists("/usr/bin/python3") && Directory.Exists("/usr/lib/python3/dist-packages/pymodbus") && File.Exists("/usr/bin/mbpoll");

    /// <summary>The simulated PLC's port.</summary>
    public int Port { get; }

    /// <summary>Starts scripts/modbus-sim.py serving <paramref name="csv"/> under <paramref name="map"/>; returns once it listens.</summary>
    public static Task<ModbusPeers> StartAsync(string map, string csv, params string[] extra) =>
        StartOnAsync(EmbeddedBroker.FreePort(IPAddress.Loopback), map, csv, extra);

    /// <summary>As <see cref="StartAsync"/>, on <paramref name="port"/> (a PLC coming back where it was).</summary>
    public static async Task<ModbusPeers> StartOnAsync(int port, string map, string csv, params string[] extra)
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(RepoFiles.Root, "scripts", "modbus-sim.py"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--map", map, "--csv", csv }.Concat(extra))
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        var peers = new ModbusPeers(process, port);
        var line = process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(line, Task.Delay(TimeSpan.FromSeconds(20))) != line || line.Result is not { } text || !text.Contains("listening", StringComparison.Ordinal))
        {
            var err = process.HasExited ? await process.StandardError.ReadToEndAsync() : "(still starting after 20 s)";
            await peers.DisposeAsync();
            throw new InvalidOperationException("modbus-sim.py did not start: " + err);
        }

        _ = process.StandardError.ReadToEndAsync();
        return peers;
    }

    /// <summary>Runs a tool to the end (30 s at most); returns its exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
