using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Metrics;
using RovDsp.Processing.Topics;
using RovDsp.Replay.Playback;

namespace RovDsp.Perf.Latency;

/// <summary>
/// One run of the latency harness: the real bridge (<see cref="BridgeService"/> with the real handlers) behind the
/// chosen broker on loopback, an outside MQTT publisher sending <paramref name="load"/> copies of the realistic mix
/// from a dedicated pacing thread, and an outside subscriber timing each feed against the publish stamp it carries
/// (a feed's <c>t</c> is its raw message's wire-header timestamp, which the publisher sets to the publish time).
/// A warm-up at the same load comes first (JIT tiers, pools, broker buffers), then the recorders are reset.
/// </summary>
public sealed class LatencyRun
{
    private const string Vehicle = "rov1";
    private readonly RealisticMix _mix;

    /// <summary>Prepares runs over <paramref name="mix"/>.</summary>
    public LatencyRun(RealisticMix mix) => _mix = mix ?? throw new ArgumentNullException(nameof(mix));

    /// <summary>Warm-up before each measured run.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>With the embedded broker, whether the bridge works inside it (the default,
    /// <see cref="BridgeOptions.EmbeddedInProcess"/>) or over its own connections (<c>--embedded links</c>, the path
    /// before, for comparison).</summary>
    public bool EmbeddedInProcess { get; init; } = true;

    /// <summary>How the devices' clocks relate (<see cref="SensorClocks"/>; independent by default, aligned is the
    /// ping's worst case).</summary>
    public SensorClocks Clocks { get; init; } = SensorClocks.Independent;

    /// <summary>The outside subscriber that times feeds (<see cref="SubscriberKind"/>).</summary>
    public SubscriberKind Subscriber { get; init; } =
        MosquittoSubFeedSubscriber.IsInstalled ? SubscriberKind.MosquittoSub : SubscriberKind.InProcess;

    /// <summary>Optional wrapper around each bridge handler (the gate's latency sabotage).</summary>
    public Func<RawKind, ISensorHandler, ISensorHandler>? Wrap { get; init; }

    /// <summary>Runs <paramref name="load"/> copies of the mix through <paramref name="broker"/> for
    /// <paramref name="duration"/> (after the warm-up).</summary>
    public async Task<LatencyResult> RunAsync(BrokerKind broker, int load, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using var mosquitto = broker == BrokerKind.Mosquitto ? await MosquittoBroker.StartAsync().ConfigureAwait(false) : null;
        var factory = new HarnessHandlerFactory(new PipelineSettings { Slurry = RealisticMix.SlurrySettings }) { Wrap = Wrap };
        var options = new BridgeOptions
        {
            Vehicle = Vehicle,
            ClientId = "rovdsp-bridge-latency",
            Broker = mosquitto is null ? null : new BrokerEndpoint("127.0.0.1", mosquitto.Port, false),
            EmbeddedPort = 0,
            EmbeddedInProcess = EmbeddedInProcess,
        };
        await using var bridge = new BridgeService(options, factory);
        await bridge.StartAsync(cancellationToken).ConfigureAwait(false);
        var endpoint = bridge.Endpoint!;

        await using var subscriber = Subscriber == SubscriberKind.MosquittoSub
            ? (FeedSubscriber)new MosquittoSubFeedSubscriber(factory)
            : new MqttNetFeedSubscriber(factory);
        await subscriber.ConnectAsync(endpoint, Vehicle, cancellationToken).ConfigureAwait(false);
        // One connection per sensor kind, as on a vehicle where each sensor's driver publishes for itself: a ping
        // must not wait behind a 180 KB multibeam frame on the publisher's TCP stream either.
        var publishers = new IMqttClient[3];
        for (var k = 0; k < publishers.Length; k++)
        {
            publishers[k] = new MqttClientFactory().CreateMqttClient();
            await publishers[k].ConnectAsync(ClientOptions(endpoint, $"latency-publisher-{(MixKind)k}".ToLowerInvariant()), cancellationToken)
                .ConfigureAwait(false);
        }


        var warm = LoadSchedule.Build(_mix, load, WarmUp, Vehicle, Clocks);
        var measured = LoadSchedule.Build(_mix, load, duration, Vehicle, Clocks);
        var sequences = new uint[measured.Sensors.Count];
        var lateness = new LatencyRecorder();
        var send = new KindRecorders();
        await OnOwnThread(() => Publish(publishers, warm, sequences, lateness, send)).ConfigureAwait(false);
        await Task.Delay(500, cancellationToken).ConfigureAwait(false);

        // Measured phase: everything from here on counts.
        factory.Processing.Reset();
        factory.BridgeEndToEnd.Reset();
        factory.Inbound.Reset();
        factory.Queued.Reset();
        factory.Handled.Reset();
        subscriber.Reset();
        lateness.Reset();
        send.Reset();
        var workersBefore = Snapshot(bridge);
        var rawBefore = bridge.RawReceived;
        var pauseBefore = GC.GetTotalPauseDuration();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        using var sampling = new CancellationTokenSource();
        var maxDepth = Task.Run(() => SampleSlurryDepthAsync(bridge, sampling.Token), CancellationToken.None);
        var started = Stopwatch.GetTimestamp();
        var published = await OnOwnThread(() => Publish(publishers, measured, sequences, lateness, send)).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var endDepth = SlurryDepth(bridge);
        var rawAfter = bridge.RawReceived;
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        var collections = (GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
        var outCount = subscriber.Total;

        // Let what is queued finish so its latency counts (it is the tail), then stop sampling.
        await WaitForDrainAsync(bridge, subscriber, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await sampling.CancelAsync().ConfigureAwait(false);
        var slurryMax = await maxDepth.ConfigureAwait(false);
        var workersAfter = Snapshot(bridge);

        var kinds = new List<KindResult>();
        foreach (var kind in new[] { MixKind.Ping, MixKind.Slurry, MixKind.Multibeam })
        {
            kinds.Add(new KindResult(kind, published[(int)kind], subscriber.Feeds(kind), LatencyStats.Of(factory.Processing[kind]),
                LatencyStats.Of(subscriber.EndToEnd[kind]), LatencyStats.Of(factory.BridgeEndToEnd[kind]), LatencyStats.Of(send[kind]),
                LatencyStats.Of(factory.Inbound[kind]), LatencyStats.Of(factory.Queued[kind]), LatencyStats.Of(factory.Handled[kind]),
                LatencyStats.Of(subscriber.Outbound[kind]), LatencyStats.Of(subscriber.RawHop[kind]),
                LatencyStats.Of(subscriber.NativeRelay[kind])));
        }

        foreach (var publisher in publishers)
        {
            await publisher.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
            publisher.Dispose();
        }

        return new LatencyResult
        {
            Broker = broker,
            Load = load,
            Seconds = seconds,
            Kinds = kinds,
            InPerSecond = published.Sum() / seconds,
            BridgeInPerSecond = (rawAfter - rawBefore) / seconds,
            OutPerSecond = outCount / seconds,
            PublisherLateness = LatencyStats.Of(lateness),
            SonarDropped = Delta(workersBefore, workersAfter, static w => w.Dropped, sonar: true),
            SonarPublished = published[(int)MixKind.Ping] + published[(int)MixKind.Multibeam],
            SlurryMaxDepth = Math.Max(slurryMax, endDepth),
            SlurryEndDepth = endDepth,
            BackpressureWaits = Delta(workersBefore, workersAfter, static w => w.BackpressureWaits, sonar: false),
            Failures = Delta(workersBefore, workersAfter, static w => w.Failures, sonar: null),
            GcPauseMs = pause.TotalMilliseconds,
            Collections = collections,
        };
    }

    /// <summary>MQTT 5 client options for the harness's own clients (MQTTnet sets TCP_NODELAY by default).</summary>
    public static MqttClientOptions ClientOptions(BrokerEndpoint endpoint, string clientId)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(endpoint.Host, endpoint.Port)
            .WithClientId(clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        if (options.ChannelOptions is MqttClientTcpOptions tcp)
        {
            // As the bridge's own link does (MqttLink.SocketBufferBytes): MQTTnet's 8 KB default pins the socket
            // buffers at 16 KB and makes every 180 KB frame a train of round trips.
            tcp.BufferSize = MqttLink.SocketBufferBytes;
        }

        return options;
    }

    // The publisher blocks between publishes: on a thread-pool thread it would take one of the pool's few
    // threads (2 on this machine) away from the bridge and MQTTnet. The fleet harness runs its publisher so too.
    internal static Task<T> OnOwnThread<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(work());
            }
#pragma warning disable CA1031 // Handed to the awaiting caller.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "latency-publisher",
        };
        thread.Start();
        return done.Task;
    }

    // The pacing loop, on its own thread: wait for each publish's due time with the player's sub-millisecond sleep
    // (clock_nanosleep on Linux) and no spinning: slurry events are ~1.25 ms apart at 1x, so a spin-or-yield wait
    // kept one of this machine's two cores busy and the bridge's threads queued behind it (its tails were the
    // publisher's, not the bridge's). End-to-end time starts at the actual publish, so waking a few tens of
    // microseconds late only shifts the schedule, which is reported as publisher lateness. Stamp the message with the
    // publish time and a per-sensor sequence, and publish it at QoS 0 (the broker delivers at QoS 0 too: the
    // harness times the bridge, not acknowledgement round trips of the publisher). Returns publishes per kind.
    private static long[] Publish(IMqttClient[] clients, LoadSchedule schedule, uint[] sequences, LatencyRecorder lateness, KindRecorders send)
    {
        var counts = new long[3];
        var ticksPerNs = Stopwatch.Frequency / 1e9;
        PreciseSleep.TightenCurrentThread();
        var start = Stopwatch.GetTimestamp();
        foreach (var e in schedule.Events)
        {
            var due = start + (long)(e.AtNs * ticksPerNs);
            long now;
            while ((now = Stopwatch.GetTimestamp()) < due)
            {
                PreciseSleep.Sleep(due - now);
            }

            lateness.RecordMicroseconds((long)((now - due) / ticksPerNs / 1000));
            var sensor = schedule.Sensors[e.Sensor];
            var bytes = sensor.Stream.Messages[e.Message];
            // Wire header: timestamp i64 at 8, sequence u32 at 16 (docs/wire-encoding.md).
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), sequences[e.Sensor]++);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), HarnessClock.NowNs);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(sensor.Topic)
                .WithPayload(new ReadOnlySequence<byte>(bytes))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
                .Build();
            // QoS 0 completes once the packet is written to the socket, so the shared bytes may be restamped next.
            var before = Stopwatch.GetTimestamp();
            clients[(int)sensor.Stream.Kind].PublishAsync(message).GetAwaiter().GetResult();
            send[sensor.Stream.Kind].RecordSince(before);
            counts[(int)sensor.Stream.Kind]++;
        }

        return counts;
    }

    private static Dictionary<string, (long Dropped, long BackpressureWaits, long Failures)> Snapshot(BridgeService bridge)
    {
        var result = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
        foreach (var (_, w) in bridge.Workers)
        {
            if (w is not null)
            {
                result[w.Name] = (w.Dropped, w.BackpressureWaits, w.Failures);
            }
        }

        return result;
    }

    private static long Delta(Dictionary<string, (long Dropped, long BackpressureWaits, long Failures)> before,
        Dictionary<string, (long Dropped, long BackpressureWaits, long Failures)> after,
        Func<(long Dropped, long BackpressureWaits, long Failures), long> field, bool? sonar)
    {
        long sum = 0;
        foreach (var (name, values) in after)
        {
            var isSonar = !name.StartsWith("slurry/", StringComparison.Ordinal);
            if (sonar is null || sonar == isSonar)
            {
                sum += field(values) - (before.TryGetValue(name, out var b) ? field(b) : 0);
            }
        }

        return sum;
    }

    private static int SlurryDepth(BridgeService bridge)
    {
        var depth = 0;
        foreach (var (_, w) in bridge.Workers)
        {
            if (w is not null && w.Name.StartsWith("slurry/", StringComparison.Ordinal))
            {
                depth = Math.Max(depth, w.Depth);
            }
        }

        return depth;
    }

    private static async Task<int> SampleSlurryDepthAsync(BridgeService bridge, CancellationToken cancellationToken)
    {
        var max = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                max = Math.Max(max, SlurryDepth(bridge));
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Sampling ends with the run.
        }

        return max;
    }

    private static async Task WaitForDrainAsync(BridgeService bridge, FeedSubscriber subscriber, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var last = -1L;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var queued = bridge.Workers.Values.Sum(w => w?.Depth ?? 0);
            var total = subscriber.Total;
            if (queued == 0 && total == last)
            {
                return;
            }

            last = total;
            await Task.Delay(200).ConfigureAwait(false);
        }
    }
}
