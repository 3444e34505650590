using System.Net;
using System.Text;
using System.Text.Json;
using MQTTnet;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Bridge.WebConsole;

namespace RovDsp.Bridge.Tests.WebConsole;

/// <summary>The console's server without a browser: the page's files, the npm packages' dist folders, config.json, the
/// embedded broker's MQTT over WebSocket (an MQTTnet client over WebSocket talks to a TCP client through it), and a
/// clear refusal when the npm packages were never installed.</summary>
public sealed class ConsoleServerTests : IDisposable
{
    private readonly ConsoleRoot _root = new();

    [Fact]
    public async Task Without_the_npm_packages_it_refuses_and_says_how_to_install_them()
    {
        var options = _root.Options();
        _root.Package("uplot", "uPlot.esm.js", "export default 1;");
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ConsoleServer.StartAsync(options));
        Assert.Contains("npm package 'mqtt'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("npm ci", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serves_the_page_its_packages_and_config_and_carries_MQTT_over_WebSocket_to_the_broker()
    {
        var options = _root.Options();
        _root.Packages();
        await using var server = await ConsoleServer.StartAsync(options);
        await using var broker = await EmbeddedBroker.StartAsync(new EmbeddedBrokerOptions { Addresses = [IPAddress.Loopback], Port = 0, BridgeClientId = null }, null, [server.BrokerAdapter]);
        Assert.Equal(IPAddress.Loopback.ToString(), server.Url.Host);

        using var http = new HttpClient { BaseAddress = server.Url };
        Assert.Contains("<title>console</title>", await http.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Equal("export default 'mqtt';", await http.GetStringAsync("/vendor/mqtt/mqtt.esm.js"));
        Assert.Equal("export default 'uplot';", await http.GetStringAsync("/vendor/uplot/uPlot.esm.js"));
        using var config = JsonDocument.Parse(await http.GetStringAsync("/config.json"));
        Assert.Equal("r9", config.RootElement.GetProperty("vehicle").GetString());
        Assert.Equal(ConsoleServer.MqttPath, config.RootElement.GetProperty("mqttPath").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(ConsoleServer.MqttPath)).StatusCode);

        // A WebSocket client subscribes; a TCP client publishes; the message crosses the one broker.
        var factory = new MqttClientFactory();
        using var ws = factory.CreateMqttClient();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        ws.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        var wsUri = $"ws://{server.Url.Host}:{server.Url.Port}{ConsoleServer.MqttPath}";
        await ws.ConnectAsync(new MqttClientOptionsBuilder().WithWebSocketServer(o => o.WithUri(wsUri)).WithClientId("page").Build());
        await ws.SubscribeAsync("rov/r9/alarms/active");
        using var tcp = factory.CreateMqttClient();
        await tcp.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("bridge").Build());
        await tcp.PublishStringAsync("rov/r9/alarms/active", "{\"active\":[]}");
        Assert.Equal("{\"active\":[]}", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    public void Dispose() => _root.Dispose();
}
