using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using MQTTnet;
using MQTTnet.Protocol;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Fleet;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Metrics;
using RovDsp.Replay.Playback;

namespace RovDsp.Perf.Latency;

/// <summary>
/// One run of the fleet harness (issue 20): one bridge (<see cref="VehicleFleet"/>, one <see cref="BridgeService"/> per
/// vehicle with its own connections) on mosquitto, each vehicle publishing its own load of the realistic mix from its
/// own three connections (one per kind, as on a vehicle), all paced by one thread, and one outside subscriber per
/// vehicle timing that vehicle's feeds against the publish stamp they carry. Reports per-vehicle end-to-end p99 and
/// the harness process's CPU and memory growth per vehicle.
/// </summary>
public sealed class FleetLatencyRun
{
    private readonly RealisticMix _mix;

    /// <summary>Prepares runs over <paramref name="mix"/>.</summary>
    public FleetLatencyRun(RealisticMix mix) => _mix = mix ?? throw new ArgumentNullException(nameof(mix));

    /// <summary>Warm-up before the measured run.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>One vehicle's figures.</summary>
    public sealed record VehicleResult(string Vehicle, int Load, LatencyStats Ping, LatencyStats Slurry, LatencyStats Multibeam,
        long SonarPublished, long SonarDropped, int SlurryMaxDepth);

    /// <summary>A run's figures: each vehicle's, the publisher's lateness, the CPU used by this process over the
    /// measured phase (cores: CPU seconds per second), and the resident memory added by the fleet (MB).</summary>
    public sealed record Result(IReadOnlyList<VehicleResult> Vehicles, LatencyStats PublisherLateness, double Cores, double RssGrowthMb,
        double ManagedGrowthMb, double Seconds);

    /// <summary>Runs one vehicle per entry of <paramref name="loads"/> (its multiple of the mix) for
    /// <paramref name="duration"/> after the warm-up.</summary>
    public async Task<Result> RunAsync(IReadOnlyList<int> loads, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loads);
        await using var mosquitto = await MosquittoBroker.StartAsync().ConfigureAwait(false);
        var endpoint = new BrokerEndpoint("127.0.0.1", mosquitto.Port, false);
        var vehicles = loads.Select((_, i) => "rov" + (i + 1).ToString(CultureInfo.InvariantCulture)).ToArray();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var rssBefore = Rss();
        var managedBefore = GC.GetTotalMemory(true);
        var fleet = new VehicleFleet(
            new FleetOptions
            {
                Unit = new BridgeOptions { Broker = endpoint, ClientId = "rovdsp-bridge-fleet-latency", RawSessionExpiry = TimeSpan.Zero },
                Vehicles = vehicles,
                MaxVehicles = Math.Max(FleetOptions.DefaultMaxVehicles, vehicles.Length),
            },
            new SensorHandlerFactory(new PipelineSettings { Slurry = RealisticMix.SlurrySettings }),
            TextWriter.Null);
        await using var fleetScope = fleet.ConfigureAwait(false);
        await fleet.StartAsync(cancellationToken).ConfigureAwait(false);
        var bridges = fleet.Vehicles;

        var subscribers = new List<MqttNetFeedSubscriber>();
        var publishers = new List<IMqttClient[]>();
        try
        {
            foreach (var vehicle in vehicles)
            {
                var subscriber = new MqttNetFeedSubscriber(new HarnessHandlerFactory(new PipelineSettings())) { ClientId = "fleet-latency-subscriber-" + vehicle };
                await subscriber.ConnectAsync(endpoint, vehicle, cancellationToken).ConfigureAwait(false);
                subscribers.Add(subscriber);
                var clients = new IMqttClient[3];
                for (var k = 0; k < clients.Length; k++)
                {
                    clients[k] = new MqttClientFactory().CreateMqttClient();
                    await clients[k].ConnectAsync(LatencyRun.ClientOptions(endpoint, $"fleet-latency-{vehicle}-{(MixKind)k}".ToLowerInvariant()), cancellationToken)
                        .ConfigureAwait(false);
                }

                publishers.Add(clients);
            }

            var warm = loads.Select((load, i) => LoadSchedule.Build(_mix, load, WarmUp, vehicles[i])).ToArray();
            var measured = loads.Select((load, i) => LoadSchedule.Build(_mix, load, duration, vehicles[i])).ToArray();
            var sequences = measured.Select(s => new uint[s.Sensors.Count]).ToArray();
            var lateness = new LatencyRecorder();
            await LatencyRun.OnOwnThread(() => Publish(publishers, warm, sequences, lateness)).ConfigureAwait(false);
            await Task.Delay(500, cancellationToken).ConfigureAwait(false);

            foreach (var s in subscribers)
            {
                s.Reset();
            }

            lateness.Reset();
            var before = vehicles.Select(v => Dropped(bridges[v])).ToArray();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            using var sampling = new CancellationTokenSource();
            var depths = vehicles.Select(v => Task.Run(() => SampleSlurryDepthAsync(bridges[v], sampling.Token), CancellationToken.None)).ToArray();
            var started = Stopwatch.GetTimestamp();
            var published = await LatencyRun.OnOwnThread(() => Publish(publishers, measured, sequences, lateness)).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            process.Refresh();
            var cores = (process.TotalProcessorTime - cpuBefore).TotalSeconds / seconds;
            var rss = (Rss() - rssBefore) / 1e6;
            var managed = (GC.GetTotalMemory(false) - managedBefore) / 1e6;
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
            await sampling.CancelAsync().ConfigureAwait(false);
            var results = new List<VehicleResult>();
            for (var i = 0; i < vehicles.Length; i++)
            {
                var s = subscribers[i];
                results.Add(new VehicleResult(vehicles[i], loads[i], LatencyStats.Of(s.EndToEnd[MixKind.Ping]), LatencyStats.Of(s.EndToEnd[MixKind.Slurry]),
                    LatencyStats.Of(s.EndToEnd[MixKind.Multibeam]), published[i], Dropped(bridges[vehicles[i]]) - before[i], await depths[i].ConfigureAwait(false)));
            }

            return new Result(results, LatencyStats.Of(lateness), cores, rss, managed, seconds);
        }
        finally
        {
            foreach (var s in subscribers)
            {
                await s.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var client in publishers.SelectMany(p => p))
            {
                client.Dispose();
            }
        }
    }

    // Resident set size of this process, bytes.
    private static long Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static long Dropped(BridgeService bridge) =>
        bridge.Workers.Values.Where(w => w is not null && !w.Name.StartsWith("slurry/", StringComparison.Ordinal)).Sum(w => w!.Dropped);

    private static async Task<int> SampleSlurryDepthAsync(BridgeService bridge, CancellationToken cancellationToken)
    {
        var max = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var w in bridge.Workers.Values)
                {
                    if (w is not null && w.Name.StartsWith("slurry/", StringComparison.Ordinal))
                    {
                        max = Math.Max(max, w.Depth);
                    }
                }

                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Sampling ends with the run.
        }

        return max;
    }

    // As LatencyRun's pacing loop, over every vehicle's schedule merged in time order; returns sonar publishes per vehicle.
    private static long[] Publish(List<IMqttClient[]> clients, LoadSchedule[] schedules, uint[][] sequences, LatencyRecorder lateness)
    {
        var merged = schedules.SelectMany((s, v) => s.Events.Select(e => (e.AtNs, Vehicle: v, Event: e))).OrderBy(x => x.AtNs).ToArray();
        var sonar = new long[schedules.Length];
        var ticksPerNs = Stopwatch.Frequency / 1e9;
        PreciseSleep.TightenCurrentThread();
        var start = Stopwatch.GetTimestamp();
        foreach (var (atNs, v, e) in merged)
        {
            var due = start + (long)(atNs * ticksPerNs);
            long now;
            while ((now = Stopwatch.GetTimestamp()) < due)
            {
                PreciseSleep.Sleep(due - now);
            }

            lateness.RecordMicroseconds((long)((now - due) / ticksPerNs / 1000));
            var sensor = schedules[v].Sensors[e.Sensor];
            var bytes = sensor.Stream.Messages[e.Message];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), sequences[v][e.Sensor]++);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), HarnessClock.NowNs);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(sensor.Topic)
                .WithPayload(new ReadOnlySequence<byte>(bytes))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
                .Build();
            clients[v][(int)sensor.Stream.Kind].PublishAsync(message).GetAwaiter().GetResult();
            if (sensor.Stream.Kind != MixKind.Slurry)
            {
                sonar[v]++;
            }
        }

        return sonar;
    }
}
