using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Fleet;

/// <summary>
/// The peers of a fleet test on one broker: a publisher of slurry lines (8 sensors at 100 Hz per vehicle, the
/// realistic mix's slurry line at 1×, each sensor with its own sequence; QoS 1, so a count published is a count the
/// broker took) and a watcher of every vehicle's retained status and metrics, by vehicle and by the bridge client
/// that published them.
/// </summary>
internal sealed class FleetTraffic : IAsyncDisposable
{
    /// <summary>The raw topic every vehicle's slurry line is published on.</summary>
    public static string SlurryTopic(string vehicle) => $"rov/{vehicle}/raw/slurry/line1";

    private readonly IMqttClient _publisher;
    private readonly IMqttClient _watcher;
    private readonly ConcurrentDictionary<string, long> _published = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, uint> _sequence = new(StringComparer.Ordinal);

    private FleetTraffic(IMqttClient publisher, IMqttClient watcher)
    {
        _publisher = publisher;
        _watcher = watcher;
    }

    /// <summary>Latest metrics of each vehicle by bridge client id: (vehicle, client) → slurry messages handled.</summary>
    public ConcurrentDictionary<(string Vehicle, string Client), long> Handled { get; } = new();

    /// <summary>Latest status of each vehicle: vehicle → (state, client, warning).</summary>
    public ConcurrentDictionary<string, (string State, string Client, string? Warning)> Status { get; } = new(StringComparer.Ordinal);

    /// <summary>Every status message seen: (vehicle, state, client).</summary>
    public ConcurrentQueue<(string Vehicle, string State, string Client)> StatusLog { get; } = new();

    /// <summary>Latest fleet status by bridge client id.</summary>
    public ConcurrentDictionary<string, JsonElement> Fleet { get; } = new(StringComparer.Ordinal);

    // The first status, metrics and fleet status messages as received, recorded for the Foxglove audit on disposal.
    private const int MaxTelemetry = 2_000;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _telemetry = new();

    /// <summary>Slurry samples published per vehicle (acknowledged by the broker).</summary>
    public long Published(string vehicle) => _published.GetValueOrDefault(vehicle);

    /// <summary>Connects both clients to the broker on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<FleetTraffic> StartAsync(int port)
    {
        var factory = new MqttClientFactory();
        var publisher = factory.CreateMqttClient();
        var watcher = factory.CreateMqttClient();
        var traffic = new FleetTraffic(publisher, watcher);
        watcher.ApplicationMessageReceivedAsync += traffic.OnMessageAsync;
        foreach (var (client, id) in new[] { (publisher, "fleet-test-publisher"), (watcher, "fleet-test-watcher") })
        {
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(id)
                .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(20)).Build());
        }

        await watcher.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("rov/+/status", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("rov/+/metrics")
            .WithTopicFilter("rovdsp/fleet/+/status", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return traffic;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic.Split('/');
        if (e.ApplicationMessage.Payload.Length == 0)
        {
            return Task.CompletedTask;
        }

        using var json = JsonDocument.Parse(e.ApplicationMessage.Payload);
        var root = json.RootElement;
        if (_telemetry.Count < MaxTelemetry)
        {
            _telemetry.Enqueue((e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload)));
        }

        if (topic[0] == "rovdsp")
        {
            Fleet[topic[2]] = root.Clone();
        }
        else if (topic[2] == "status")
        {
            var state = root.GetProperty("state").GetString()!;
            var client = root.GetProperty("client").GetString()!;
            Status[topic[1]] = (state, client, root.TryGetProperty("warning", out var w) ? w.GetString() : null);
            StatusLog.Enqueue((topic[1], state, client));
        }
        else if (topic[2] == "metrics" && MetricsJson.TryFind(root.GetProperty("sensors"), "sensor", "slurry/line1", out var line))
        {
            Handled[(topic[1], root.GetProperty("client").GetString()!)] = line.GetProperty("handled").GetInt64();
        }

        return Task.CompletedTask;
    }

    /// <summary>Publishes each vehicle's slurry line at 1× (8 sensors × 100 Hz) for <paramref name="duration"/>,
    /// paced in 10 ms ticks; with <paramref name="lineRates"/> each sensor at the slurry line's configured rate instead
    /// (100, 10, 50, 50, 50, 50, 20, 20 Hz: <see cref="SlurryLineSettings.DefaultSensors"/>), so a tick's count varies.</summary>
    public async Task PublishAsync(IReadOnlyList<string> vehicles, TimeSpan duration, bool lineRates = false, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ticks = (int)(duration.TotalMilliseconds / 10);
        var pending = new List<Task>(vehicles.Count * 8);
        for (var tick = 0; tick < ticks; tick++)
        {
            var nowNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
            foreach (var vehicle in vehicles)
            {
                var sent = 0;
                for (ushort sensor = 0; sensor < 8; sensor++)
                {
                    if (lineRates && tick % (int)Math.Round(100 / SlurryLineSettings.DefaultSensors[sensor].RateHz) != 0)
                    {
                        continue;
                    }

                    // Each sensor counts its own samples (docs/wire-encoding.md).
                    var sequence = _sequence.AddOrUpdate(vehicle + "/" + sensor, 0, (_, n) => n + 1);
                    sent++;
                    var bytes = new byte[SlurrySampleCodec.EncodedLength];
                    var kind = (SlurrySensorKind)sensor;
                    SlurrySampleCodec.Encode(new SlurrySample(new MessageStamp(nowNs, sequence), sensor, kind, Value(kind)), bytes);
                    pending.Add(_publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(SlurryTopic(vehicle)).WithPayload(bytes)
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken));
                }

                _published.AddOrUpdate(vehicle, sent, (_, n) => n + sent);
            }

            await Task.WhenAll(pending);
            pending.Clear();
            var wait = TimeSpan.FromMilliseconds(10 * (tick + 1)) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
        }
    }

    // Plausible readings of a loaded line (flow m/s, densities kg/m³, pressures kPa, pump rpm and A).
    private static float Value(SlurrySensorKind kind) => kind switch
    {
        SlurrySensorKind.FlowVelocity => 3.2f,
        SlurrySensorKind.DensityGamma or SlurrySensorKind.DensityUltrasonic => 1150f,
        SlurrySensorKind.DifferentialPressure => 40f,
        SlurrySensorKind.PumpSpeed => 1500f,
        SlurrySensorKind.PumpCurrent => 200f,
        SlurrySensorKind.PressureTop => 1000f,
        _ => 9000f,
    };

    /// <summary>Waits until <paramref name="condition"/> holds or <paramref name="timeout"/> passes; returns it.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var client in new[] { _publisher, _watcher })
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync();
            }

            client.Dispose();
        }

        TelemetryRecording.Write(_telemetry);
    }
}
