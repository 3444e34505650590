using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Fleet;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;

namespace RovDsp.Bridge.Tests.Fleet;

/// <summary>One vehicle's fault does not hold another's feeds: in one bridge serving rov1 and rov2 (named, so each has
/// its own connections), rov1's slurry pipeline hangs while rov1 floods, so its never-drop queue fills and holds rov1's
/// receive path; rov2's samples meanwhile are all handled and their feeds published.</summary>
public sealed class VehicleIsolationTests
{
    // Hangs every rov1 slurry message until released; rov2 gets the real handlers.
    private sealed class HangingFactory(ISensorHandlerFactory inner, Task release) : ISensorHandlerFactory
    {
        public ISensorHandler? Create(RawKind kind, string sensor, HandlerContext context, out string? refusal)
        {
            var handler = inner.Create(kind, sensor, context, out refusal);
            return handler is not null && context.Topics.Vehicle == "rov1" ? new Hanging(handler, release) : handler;
        }
    }

    private sealed class Hanging(ISensorHandler inner, Task release) : ISensorHandler
    {
        public async ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken)
        {
            await release.WaitAsync(cancellationToken);
            await inner.HandleAsync(payload, receivedTimestamp, cancellationToken);
        }
    }

    [MosquittoFact]
    public async Task AHungVehicleDoesNotHoldAnotherVehiclesFeeds()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fleet = new VehicleFleet(
            new FleetOptions
            {
                Unit = new BridgeOptions { Broker = new BrokerEndpoint("127.0.0.1", broker.Port, false), ClientId = "isolation-test", RawSessionExpiry = TimeSpan.Zero },
                Vehicles = ["rov1", "rov2"],
            },
            new HangingFactory(new SensorHandlerFactory(new PipelineSettings()), release.Task),
            TextWriter.Null);
        await fleet.StartAsync();
        await using var traffic = await FleetTraffic.StartAsync(broker.Port);
        try
        {
            // rov1 floods at 4x its line (its samples never handled while hung), rov2 publishes at 1x beside it.
            await Task.WhenAll(
                traffic.PublishAsync(["rov1", "rov1", "rov1", "rov1"], TimeSpan.FromSeconds(3)),
                traffic.PublishAsync(["rov2"], TimeSpan.FromSeconds(3)));
            var rov1 = fleet.Vehicles["rov1"].Workers.Values.Single(w => w is not null)!;
            var rov2 = fleet.Vehicles["rov2"].Workers.Values.Single(w => w is not null)!;
            Assert.True(await FleetTraffic.WaitUntilAsync(() => rov2.Handled == traffic.Published("rov2"), TimeSpan.FromSeconds(10)),
                $"rov2 handled {rov2.Handled} of {traffic.Published("rov2")} while rov1 was hung");
            Assert.Equal(0, rov1.Handled);
            Assert.True(rov1.Depth >= rov1.Capacity - 1, $"rov1's queue holds {rov1.Depth}, expected it full");
            Assert.True(rov1.BackpressureWaits > 0, "rov1's receive path was never held");
            Assert.True(await FleetTraffic.WaitUntilAsync(() => traffic.Handled.GetValueOrDefault(("rov2", "isolation-test-rov2")) == traffic.Published("rov2"),
                TimeSpan.FromSeconds(10)), "rov2's metrics did not show every sample handled");
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
