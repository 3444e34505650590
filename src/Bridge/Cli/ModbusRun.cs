using System.Globalization;
using MQTTnet;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Hardware.Modbus;
using RovDsp.Processing.Topics;

namespace RovDsp.Bridge.Cli;

/// <summary>The Modbus poller as one run of rovdsp-bridge drives it: its own MQTT link publishing the readings on the
/// slurry line's raw topic, polling until the run stops, and a summary line with every error counter.</summary>
internal sealed class ModbusRun
{
    private readonly ModbusPoller _poller;
    private readonly MqttLink _link;

    private ModbusRun(ModbusPoller poller, MqttLink link, Task running)
    {
        _poller = poller;
        _link = link;
        Running = running;
    }

    /// <summary>The polling task (ends when the run is cancelled).</summary>
    public Task Running { get; }

    /// <summary>Connects the raw link and starts polling.</summary>
    public static async Task<ModbusRun> StartAsync(ModbusSettings settings, BrokerEndpoint endpoint, string? user, string? password,
        MqttTlsOptions? tls, IMqttLinkObserver? observer, TopicScheme topics, CancellationToken stop)
    {
        var topic = topics.Raw(RawKind.Slurry, settings.Map.Line);
        var link = new MqttLink(new MqttLinkOptions
        {
            Endpoint = endpoint, ClientId = "rovdsp-modbus-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            UserName = user, Password = password, Tls = tls, Observer = observer,
        });
        await link.StartAsync(TimeSpan.FromSeconds(10), stop).ConfigureAwait(false);
        var client = new ModbusTcpClient(settings.Host, settings.Port, settings.Map.Timeout);
        // QoS 0 as the player does: one loopback hop to the broker, and a QoS 1 round trip per reading would add
        // its latency to every reading's age.
        var poller = new ModbusPoller(client, settings.Map, async (bytes, ct) => await link.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(bytes.ToArray())
                .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtMostOnce).Build(), ct).ConfigureAwait(false));
        var running = Task.Run(async () =>
        {
            try
            {
                await poller.RunAsync(stop).ConfigureAwait(false);
            }
            finally
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }, CancellationToken.None);
        return new ModbusRun(poller, link, running);
    }

    /// <summary>The summary line: readings, faults and every error counter, with the round trip.</summary>
    public string Summary()
    {
        var c = _poller.Client;
        return string.Create(CultureInfo.InvariantCulture,
            $"  modbus {c.Description}: link {_poller.LinkState}, {_poller.Groups.Count} requests a cycle, {_poller.Polls} polls, {_poller.Readings} readings, {_poller.FaultyReadings} faulty readings, {_link.PublishesDropped} dropped by the MQTT link; exceptions {c.DeviceExceptions}, timeouts {c.Timeouts}, wrong transaction ids {c.WrongTransactions}, short frames {c.ShortFrames}, bad frames {c.BadFrames}, connects {c.Connects}, disconnects {c.Disconnects}, overruns {_poller.Overruns}; round trip p50 {_poller.RoundTripPercentileUs(50)} us, p99 {_poller.RoundTripPercentileUs(99)} us")
            + (c.LastError is { } e ? $"; last error: {e}" : "");
    }

    /// <summary>Closes the raw link.</summary>
    public ValueTask DisposeAsync() => _link.DisposeAsync();
}
