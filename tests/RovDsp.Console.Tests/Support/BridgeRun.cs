using System.Text.RegularExpressions;
using RovDsp.Bridge.Cli;

namespace RovDsp.Console.Tests.Support;

/// <summary>rovdsp-bridge run in this process (its command line, as a user would give it) until stopped, with the
/// console on a free loopback port. Its output is kept; the console's URL and the embedded broker's port are read
/// from it.</summary>
public sealed partial class BridgeRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _text = new();
    private readonly TextWriter _output;
    private Task<int>? _run;

    private BridgeRun()
    {
        _output = TextWriter.Synchronized(_text);
    }

    /// <summary>The console's URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The embedded broker's TCP port (0 with --broker).</summary>
    public int BrokerPort { get; private set; }

    /// <summary>Everything the bridge printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Starts rovdsp-bridge with <paramref name="args"/> plus a free console port (and a free broker port when
    /// the embedded broker runs), and waits for the console's URL.</summary>
    public static Task<BridgeRun> StartAsync(params string[] args) => StartAsync(new Dictionary<string, string?>(), args);

    /// <summary>As <see cref="StartAsync(string[])"/> with <paramref name="environment"/> as the bridge's environment
    /// (ROVDSP_MQTT_USERNAME, ROVDSP_MQTT_PASSWORD).</summary>
    public static async Task<BridgeRun> StartAsync(IDictionary<string, string?> environment, params string[] args)
    {
        var run = new BridgeRun();
        string[] all = [.. args, "--http", "127.0.0.1:0", "--no-view", .. args.Contains("--broker") ? Array.Empty<string>() : ["--port", "0"]];
        run._run = Task.Run(() => BridgeCommand.RunAsync(all, run._output, run._output, environment, run._stop.Token), CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var text = run.Output;
            var url = UrlLine().Match(text);
            var broker = BrokerLine().Match(text);
            if (url.Success && (broker.Success || args.Contains("--broker")))
            {
                run.Url = new Uri(url.Groups[1].Value);
                run.BrokerPort = broker.Success ? int.Parse(broker.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                return run;
            }

            if (run._run.IsCompleted)
            {
                throw new InvalidOperationException($"rovdsp-bridge ended (exit {await run._run}) before serving the console:\n{text}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("rovdsp-bridge did not serve the console within 20 s:\n" + run.Output);
    }

    /// <summary>Stops the bridge the way Ctrl+C does and waits for it (its broker and console close).</summary>
    public async Task StopAsync()
    {
        if (_run is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _stop.Dispose();
        }
    }

    [GeneratedRegex(@"web console: (http://\S+)")]
    private static partial Regex UrlLine();

    [GeneratedRegex(@"embedded broker on mqtt://[0-9.]+:(\d+)")]
    private static partial Regex BrokerLine();
}
