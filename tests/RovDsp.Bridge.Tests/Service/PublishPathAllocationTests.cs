using System.Buffers.Binary;
using System.Diagnostics;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Broker;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Wire;
using RovDsp.Processing.Feeds;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Echosounder;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Service;

/// <summary>
/// Bytes allocated per message on the feed path in steady state, measured around 10,000 echosounder pings after a
/// warm-up, both ways the bridge can publish a JSON feed to its embedded broker (handed over in process, the default,
/// or over its prompt connection): (a) decode + pipeline + feed JSON + alarm hub + handing the feed to the bridge's
/// publish path, with the broker stopped so MQTTnet does nothing (must be 0); (b) the same with the broker up: what
/// MQTTnet adds on the publishing thread (the client's publish, or the server's injection with the message and
/// payload copy it must queue), and in the whole process, reported, not asserted.
/// </summary>
public class PublishPathAllocationTests(ITestOutputHelper log)
{
    private const int N = 10_000;

    /// <summary>Simulated pings, encoded; the handler gets them in a loop with rising timestamps written in.</summary>
    private static List<byte[]> Pings()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 3, TimeSpan.FromSeconds(20)));
        var echo = new EchosounderSimulator(world);
        var pings = new List<byte[]>();
        while (echo.HasNext)
        {
            var ping = echo.Next().Ping;
            var bytes = new byte[EchosounderPingCodec.GetEncodedLength(ping)];
            EchosounderPingCodec.Encode(ping, bytes);
            pings.Add(bytes);
        }

        return pings;
    }

    private static async Task RunAsync(EchosounderHandler handler, List<byte[]> pings, int count, long[] k)
    {
        for (var i = 0; i < count; i++)
        {
            var ping = pings[(int)(k[0] % pings.Count)];
            // Header: timestamp at byte 8, sequence at byte 16 (docs/wire-encoding.md): 10 pings/s of message time.
            BinaryPrimitives.WriteInt64LittleEndian(ping.AsSpan(8), 1_799_971_200_000_000_000L + k[0] * 100_000_000L);
            BinaryPrimitives.WriteUInt32LittleEndian(ping.AsSpan(16), (uint)k[0]);
            k[0]++;
            await handler.HandleAsync(ping, Stopwatch.GetTimestamp(), CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Feed_path_allocates_nothing_per_message_and_MQTTnet_publish_is_measured(bool inProcess)
    {
        var pings = Pings();
        await using var service = new BridgeService(
            new BridgeOptions { Vehicle = "r1", EmbeddedPort = 0, MetricsInterval = TimeSpan.FromHours(1), EmbeddedInProcess = inProcess },
            new SensorHandlerFactory());
        long Dropped() => inProcess ? service.InjectionsDropped : service.Link!.PublishesDropped;
        await service.StartAsync();
        var handler = new EchosounderHandler("echo1", service.Context, new EchosounderSettings());
        var k = new long[1];
        await RunAsync(handler, pings, 2_000, k);

        // (b) broker up.
        var totalBefore = GC.GetTotalAllocatedBytes(precise: true);
        var threadBefore = GC.GetAllocatedBytesForCurrentThread();
        await RunAsync(handler, pings, N, k);
        var threadUp = (GC.GetAllocatedBytesForCurrentThread() - threadBefore) / (double)N;
        var totalUp = (GC.GetTotalAllocatedBytes(precise: true) - totalBefore) / (double)N;
        var droppedUp = Dropped();

        // (a) broker stopped: everything of ours still runs, MQTTnet does not send.
        await service.EmbeddedBroker!.StopAsync();
        await EmbeddedBrokerLinkTests.WaitUntil(() => !service.Link!.IsConnected);
        await RunAsync(handler, pings, 500, k);
        var droppedBefore = Dropped();
        threadBefore = GC.GetAllocatedBytesForCurrentThread();
        await RunAsync(handler, pings, N, k);
        var ours = (GC.GetAllocatedBytesForCurrentThread() - threadBefore) / (double)N;
        var handed = Dropped() - droppedBefore;

        var how = inProcess ? "handed to the embedded broker in process" : "published over the prompt connection";
        log.WriteLine($"{how}: ours (decode, pipeline, JSON, alarms, publish path up to MQTTnet): {ours:F1} B/message over {N}");
        log.WriteLine($"with MQTTnet: {threadUp:F1} B/message on the publishing thread, {totalUp:F1} B/message in the process (client or injection + broker)");
        log.WriteLine($"MQTTnet on the publishing thread: {threadUp - ours:F1} B/feed; cache misses {service.Messages.Misses}");
        Assert.Equal(0, droppedUp);
        // Every message reached the publish path (and was refused there only because the link was down).
        Assert.Equal(N, handed);
        Assert.Equal(0.0, ours);
        Assert.Equal(0, service.Messages.Misses);
    }
}
