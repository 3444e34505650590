using System.Buffers;
using System.Globalization;
using MQTTnet;
using MQTTnet.Protocol;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Hardware.Modbus;
using RovDsp.Bridge.Service;
using RovDsp.Processing.Topics;

namespace RovDsp.Bridge.Cli;

/// <summary>The Modbus poller as one run of rovdsp-bridge drives it: the readings go out on the slurry line's raw topic,
/// polling runs until the run stops, the link's state and counters are in the bridge's status and metrics, and a
/// summary line at the end has every error counter.</summary>
/// <remarks>When the bridge works inside its embedded broker (<see cref="BridgeService.InProcess"/>) the readings are
/// handed to the broker in process, as the bridge hands its feeds: the broker gives them to the bridge's slurry worker
/// and to every subscriber (record, mosquitto_sub) as if a client had published them, without the loopback MQTT
/// connection's send and receive (one scheduling hop each way on a busy machine, most of a reading's time to its
/// feed). With an external broker they go over an MQTT connection of their own.</remarks>
internal sealed class ModbusRun
{
    private readonly ModbusPoller _poller;
    private readonly MqttLink? _link;
    private readonly Func<long> _dropped;

    private ModbusRun(ModbusPoller poller, MqttLink? link, Func<long> dropped, Task running)
    {
        _poller = poller;
        _link = link;
        _dropped = dropped;
        Running = running;
    }

    /// <summary>The polling task (ends when the run is cancelled).</summary>
    public Task Running { get; }

    /// <summary>Connects the way to the broker, registers the link with <paramref name="service"/> and starts polling.</summary>
    public static async Task<ModbusRun> StartAsync(ModbusSettings settings, BridgeService service, string? user, string? password,
        MqttTlsOptions? tls, IMqttLinkObserver? observer, CancellationToken stop)
    {
        var topic = service.Topics.Raw(RawKind.Slurry, settings.Map.Line);
        var clientId = "rovdsp-modbus-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        MqttLink? link = null;
        Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> publish;
        Func<long> dropped;
        if (service.InProcess && service.EmbeddedBroker is { } broker)
        {
            long refused = 0;
            dropped = () => Interlocked.Read(ref refused);
            publish = async (bytes, ct) =>
            {
                // The poller encodes each reading into a new array, so the broker may keep it.
                var message = new MqttApplicationMessage
                {
                    Topic = topic, Payload = new ReadOnlySequence<byte>(bytes), QualityOfServiceLevel = MqttQualityOfServiceLevel.AtMostOnce,
                };
                try
                {
                    await broker.InjectAsync(message, clientId, ct).ConfigureAwait(false);
                }
                catch (InvalidOperationException) when (!broker.IsStarted)
                {
                    Interlocked.Increment(ref refused); // the broker is stopping
                }
            };
        }
        else
        {
            var mqtt = new MqttLink(new MqttLinkOptions
            {
                Endpoint = service.Endpoint!, ClientId = clientId, UserName = user, Password = password, Tls = tls, Observer = observer,
            });
            await mqtt.StartAsync(TimeSpan.FromSeconds(10), stop).ConfigureAwait(false);
            link = mqtt;
            dropped = () => mqtt.PublishesDropped;
            // QoS 0 as the player does: one loopback hop to the broker, and a QoS 1 round trip per reading would add
            // its latency to every reading's age.
            publish = async (bytes, ct) => await mqtt.PublishRawAsync(topic, bytes, ct).ConfigureAwait(false);
        }

        var client = new ModbusTcpClient(settings.Host, settings.Port, settings.Map.Timeout);
        var poller = new ModbusPoller(client, settings.Map, publish);
        service.Hardware.Add(new ModbusHardwareLink(poller, dropped));
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
        return new ModbusRun(poller, link, dropped, running);
    }

    /// <summary>The summary line: readings, faults and every error counter, with the round trip.</summary>
    public string Summary()
    {
        var c = _poller.Client;
        return string.Create(CultureInfo.InvariantCulture,
            $"  modbus {c.Description}: link {_poller.LinkState}, {_poller.Groups.Count} requests a cycle, {_poller.Polls} polls, {_poller.Readings} readings, {_poller.FaultyReadings} faulty readings, {_dropped()} dropped on the way to the broker; exceptions {c.DeviceExceptions}, timeouts {c.Timeouts}, wrong transaction ids {c.WrongTransactions}, short frames {c.ShortFrames}, bad frames {c.BadFrames}, connects {c.Connects}, disconnects {c.Disconnects}, overruns {_poller.Overruns}; round trip p50 {_poller.RoundTripPercentileUs(50)} us, p99 {_poller.RoundTripPercentileUs(99)} us")
            + (c.LastError is { } e ? $"; last error: {e}" : "");
    }

    /// <summary>Closes the MQTT connection, if the readings had one.</summary>
    public ValueTask DisposeAsync() => _link?.DisposeAsync() ?? ValueTask.CompletedTask;
}
