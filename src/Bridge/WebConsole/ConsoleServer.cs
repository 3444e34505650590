using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using MQTTnet.AspNetCore;
using RovDsp.Bridge.Broker.Limits;

namespace RovDsp.Bridge.WebConsole;

/// <summary>
/// The pilot's web console, served by Kestrel inside the bridge's process: the page's static files, the npm packages
/// it uses (from their dist folders: a ship has no internet, so no CDN), <c>/config.json</c> (vehicle, broker URL,
/// whether credentials are needed) and, for the embedded broker, MQTT over WebSocket at <see cref="MqttPath"/>. The page
/// is an ordinary MQTT client: everything it shows comes from the broker, and all it publishes is acknowledgements.
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    /// <summary>The path of the embedded broker's WebSocket endpoint.</summary>
    public const string MqttPath = "/mqtt";

    private readonly WebApplication _app;

    private ConsoleServer(WebApplication app, Uri url, GuardedWebSocketServerAdapter adapter)
    {
        _app = app;
        Url = url;
        BrokerAdapter = adapter;
    }

    /// <summary>Where the page is, e.g. http://127.0.0.1:8080/.</summary>
    public Uri Url { get; }

    /// <summary>The embedded broker's way in for the page's WebSocket clients: hand it to the broker
    /// (<c>BridgeOptions.EmbeddedAdapters</c>). Unused with an external broker.</summary>
    public GuardedWebSocketServerAdapter BrokerAdapter { get; }

    /// <summary>Starts Kestrel on <see cref="ConsoleServerOptions.Endpoint"/>; throws <see cref="InvalidOperationException"/>
    /// saying why when the files are missing or the address cannot be bound.</summary>
    public static async Task<ConsoleServer> StartAsync(ConsoleServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Missing() is { } missing)
        {
            throw new InvalidOperationException($"web console: {missing}");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = options.WebRoot });
        // The bridge's terminal view owns the console: no request logging on it.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(options.Endpoint));
        var app = builder.Build();
        var adapter = new GuardedWebSocketServerAdapter();

        app.UseWebSockets();
        app.Map(MqttPath, async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("MQTT over WebSocket only", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            // MQTT.js and mosquitto speak the "mqtt" subprotocol (MQTT 3.1.1 §6, MQTT 5 §6).
            // The broker's limits hold here as on its TCP listeners (connections, CONNECT timeout, packet size, queue).
            await adapter.RunAsync(context, MqttSubProtocolSelector.SelectSubProtocol(context.Request)).ConfigureAwait(false);
        });

        var config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["vehicle"] = options.Vehicle,
            ["brokerUrl"] = options.BrokerWebSocketUrl?.ToString(),
            ["mqttPath"] = MqttPath,
            ["credentialsRequired"] = options.CredentialsRequired,
            ["altitudeFloorM"] = options.AltitudeFloorM,
        });
        app.MapGet("/config.json", () => Results.Bytes(config, "application/json"));

        var files = new PhysicalFileProvider(Path.GetFullPath(options.WebRoot));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = NoCache });
        foreach (var package in ConsoleServerOptions.VendorPackages)
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(Path.GetFullPath(Path.Combine(options.VendorRoot, package, "dist"))),
                RequestPath = "/vendor/" + package,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
            });
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"web console: cannot listen on {options.Endpoint}: {ex.Message}", ex);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Kestrel reports the address it bound; with port 0 that is the port it picked.
        var url = new Uri(address.EndsWith('/') ? address : address + "/");
        return new ConsoleServer(app, url, adapter);
    }

    // The page is small and changes with the bridge: always revalidate, so an upgraded bridge never runs an old page.
    private static void NoCache(StaticFileResponseContext context) =>
        context.Context.Response.Headers.CacheControl = "no-cache";

    /// <summary>Stops Kestrel (open WebSocket connections are closed).</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
