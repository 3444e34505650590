using System.Diagnostics;
using System.Globalization;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>
/// mosquitto_sub as an outside subscriber (the replay tests' and the latency harness's), started with its protocol
/// trace (<c>-d</c>) so that <see cref="Subscribed"/> completes at its SUBACK instead of after a guessed delay (a fixed
/// second was not always enough on a loaded machine). Its output goes through coreutils' stdbuf, because a pipe makes
/// stdio block-buffered and the SUBACK line (or a timed message) would otherwise arrive late. Every line that is not
/// the trace goes to the caller's handler, on a reader thread of its own. Like <see cref="MosquittoBroker"/>, compiled
/// into other projects, so it must not depend on xunit.
/// </summary>
public sealed class MosquittoSubscriberProcess : IAsyncDisposable
{
    /// <summary>Where mosquitto_sub lives on Debian.</summary>
    public const string Executable = "/usr/bin/mosquitto_sub";

    private const string LineBuffered = "/usr/bin/stdbuf";
    private readonly Process _process;
    private readonly Thread _reader;
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MosquittoSubscriberProcess(Process process, Action<string> onLine)
    {
        _process = process;
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginErrorReadLine();
        _reader = new Thread(() => Read(onLine)) { IsBackground = true, Name = "mosquitto_sub reader" };
        _reader.Start();
    }

    /// <summary>Whether mosquitto_sub and stdbuf are installed.</summary>
    public static bool IsInstalled => File.Exists(Executable) && File.Exists(LineBuffered);

    /// <summary>Completes when the broker has acknowledged the subscription; faults if mosquitto_sub ends first.</summary>
    public Task Subscribed => _subscribed.Task;

    /// <summary>mosquitto_sub's exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>mosquitto_sub -d -h <paramref name="host"/> -p <paramref name="port"/></c> followed by
    /// <paramref name="arguments"/>; <paramref name="onLine"/> gets each line it prints other than the trace.</summary>
    public static MosquittoSubscriberProcess Start(string host, int port, IEnumerable<string> arguments, Action<string> onLine)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(onLine);
        var start = new ProcessStartInfo(LineBuffered)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-oL", Executable, "-d", "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        return new MosquittoSubscriberProcess(process, onLine);
    }

    /// <summary>Waits until mosquitto_sub has exited (with <c>-C</c>, after its last message) and every line it printed
    /// has been handed over.</summary>
    public async Task WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await Task.Run(() => _reader.Join(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops mosquitto_sub if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _reader.Join(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    // The trace's lines start "Client " (its SUBACK line ends "received SUBACK") or "Subscribed (mid:".
    private void Read(Action<string> onLine)
    {
        while (_process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("Client ", StringComparison.Ordinal))
            {
                if (line.EndsWith("received SUBACK", StringComparison.Ordinal))
                {
                    _subscribed.TrySetResult();
                }

                continue;
            }

            if (!line.StartsWith("Subscribed (mid:", StringComparison.Ordinal))
            {
                onLine(line);
            }
        }

        _subscribed.TrySetException(new InvalidOperationException("mosquitto_sub ended before its SUBACK"));
    }
}
