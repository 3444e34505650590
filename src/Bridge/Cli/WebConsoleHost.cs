using RovDsp.Bridge.Service;
using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Bridge.WebConsole;

namespace RovDsp.Bridge.Cli;

/// <summary>Starts the web console for rovdsp-bridge from the files copied beside the executable (console/wwwroot and
/// the npm packages in console/node_modules), and says what happened: its URL, or why there is no console.</summary>
internal static class WebConsoleHost
{
    /// <summary>Where the console's files are: beside the executable, or ROVDSP_CONSOLE_ROOT (a folder holding
    /// wwwroot and node_modules, e.g. web/console of a checkout).</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("ROVDSP_CONSOLE_ROOT") is { Length: > 0 } root ? root : Path.Combine(AppContext.BaseDirectory, "console");

    /// <summary>The running console, or null when it is off or cannot be served (said on <paramref name="output"/>; a
    /// console asked for by address that cannot listen ends the run instead).</summary>
    public static async Task<ConsoleServer?> StartAsync(ConsoleSettings console, BridgeOptions bridge, TextWriter output, CancellationToken cancellationToken)
    {
        if (console.Endpoint is null)
        {
            return null;
        }

        var options = new ConsoleServerOptions
        {
            Endpoint = console.Endpoint,
            WebRoot = Path.Combine(Root, "wwwroot"),
            VendorRoot = Path.Combine(Root, "node_modules"),
            Vehicle = bridge.Vehicle,
            BrokerWebSocketUrl = console.BrokerWebSocketUrl,
            // The page logs in when the broker it talks to wants a login: an external broker the bridge logs in to, or the
            // embedded broker with a password file (docs/security.md).
            CredentialsRequired = bridge.Broker is null ? bridge.Embedded?.PasswordFile is not null : bridge.UserName is not null,
            // The warning-level "altitude below" rule is the floor the pilot flies above.
            AltitudeFloorM = (bridge.AlarmRules ?? AlarmRule.Defaults)
                .Where(r => r.Condition == AlarmCondition.AltitudeBelow)
                .OrderBy(r => r.Severity)
                .Select(r => r.RaiseThreshold)
                .DefaultIfEmpty(1.0)
                .First(),
        };
        if (options.Missing() is { } missing)
        {
            await output.WriteLineAsync($"web console: not served: {missing}").ConfigureAwait(false);
            return null;
        }

        if (bridge.Broker is not null && console.BrokerWebSocketUrl is null)
        {
            await output.WriteLineAsync("web console: not served: with --broker the page needs that broker's WebSocket listener (--broker-ws ws://host:port/)").ConfigureAwait(false);
            return null;
        }

        try
        {
            var server = await ConsoleServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"web console: {server.Url}").ConfigureAwait(false);
            return server;
        }
        catch (InvalidOperationException ex) when (!console.Explicit)
        {
            await output.WriteLineAsync($"{ex.Message}; running without it (choose another address with --http ADDR:PORT)").ConfigureAwait(false);
            return null;
        }
    }
}
