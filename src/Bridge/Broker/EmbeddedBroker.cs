using System.Net;
using MQTTnet.Server;

namespace RovDsp.Bridge.Broker;

/// <summary>
/// An MQTT broker inside the bridge's own process (MQTTnet.Server), bound to loopback by default, so a fresh
/// machine needs nothing else to see the feeds. It is a plain broker: any MQTT client (mosquitto_sub included)
/// can connect to it. Note MQTTnet.Server refuses <c>$share/</c> subscriptions; scale-out needs a real broker.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private EmbeddedBroker(MqttServer server, IPAddress address, int port)
    {
        _server = server;
        Address = address;
        Port = port;
    }

    /// <summary>The MQTTnet server, for the bridge's in-process intake.</summary>
    internal MqttServer Server => _server;

    /// <summary>The address the broker listens on.</summary>
    public IPAddress Address { get; }

    /// <summary>The TCP port the broker listens on.</summary>
    public int Port { get; }

    /// <summary>Whether the broker is running.</summary>
    public bool IsStarted => _server.IsStarted;

    /// <summary>Starts a broker on <paramref name="address"/>:<paramref name="port"/> (port 0 picks a free one).</summary>
    public static Task<EmbeddedBroker> StartAsync(IPAddress address, int port) => StartAsync(address, port, []);

    /// <summary>Starts a broker on <paramref name="address"/>:<paramref name="port"/> (port 0 picks a free one) that
    /// also takes clients through <paramref name="additionalAdapters"/> (the web console's MQTT over WebSocket).</summary>
    public static async Task<EmbeddedBroker> StartAsync(IPAddress address, int port, IReadOnlyList<IMqttServerAdapter> additionalAdapters)
    {
        ArgumentNullException.ThrowIfNull(additionalAdapters);
        ArgumentNullException.ThrowIfNull(address);
        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "port must be 0–65535");
        }

        if (port == 0)
        {
            port = FreePort(address);
        }

        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(address)
            .WithDefaultEndpointPort(port)
            // A slow subscriber (a terminal view) must not make the broker hoard sonar frames: drop its oldest.
            .WithMaxPendingMessagesPerClient(2000)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build();
        var factory = new MqttServerFactory();
        var server = additionalAdapters.Count == 0
            ? factory.CreateMqttServer(options)
            : factory.CreateMqttServer(options, [.. factory.DefaultServerAdapters.Select(make => make(factory)), .. additionalAdapters], factory.DefaultLogger);
        // MQTT 5 lets a client connect with an empty client id and have the broker assign one (§3.1.3.1);
        // mosquitto_sub -V mqttv5 does exactly that. MQTTnet.Server refuses it unless an id is assigned here.
        // (Over MQTT 3.1.1 MQTTnet refuses an empty id whatever this handler does: use -i or -V mqttv5.)
        server.ValidatingConnectionAsync += e =>
        {
            if (string.IsNullOrEmpty(e.ClientId))
            {
                e.AssignedClientIdentifier = "auto-" + Guid.NewGuid().ToString("N");
            }

            return Task.CompletedTask;
        };
        await server.StartAsync().ConfigureAwait(false);
        return new EmbeddedBroker(server, address, port);
    }

    /// <summary>Stops the broker; clients see their connection closed.</summary>
    public async Task StopAsync()
    {
        if (_server.IsStarted)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _server.Dispose();
    }

    /// <summary>A TCP port nobody is listening on at the moment of asking.</summary>
    public static int FreePort(IPAddress address)
    {
        using var listener = new System.Net.Sockets.TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
