using System.Buffers;
using RovDsp.Bridge.Workers;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.Tests.Workers;

public class SensorWorkerTests
{
    private sealed class RecordingHandler(SemaphoreSlim gate, bool failOnOdd = false) : ISensorHandler
    {
        public List<int> Seen { get; } = [];

        public async ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            var value = BitConverter.ToInt32(payload.Span);
            lock (Seen)
            {
                Seen.Add(value);
            }

            if (failOnOdd && (value & 1) == 1)
            {
                throw new InvalidDataException("odd");
            }
        }
    }

    private static ReadOnlySequence<byte> Payload(int i) => new(BitConverter.GetBytes(i));

    [Fact]
    public async Task Drop_oldest_keeps_the_newest_messages_in_order_and_counts_drops()
    {
        using var gate = new SemaphoreSlim(0);
        var handler = new RecordingHandler(gate);
        await using var worker = new SensorWorker("mb1", 4, OverflowPolicy.DropOldest, handler);
        await worker.PostAsync(Payload(0), 0);
        // The worker takes message 0 and blocks on the gate.
        await Broker.EmbeddedBrokerLinkTests.WaitUntil(() => worker.Depth == 0);
        for (var i = 1; i <= 10; i++)
        {
            await worker.PostAsync(Payload(i), 0);
        }

        gate.Release(100);
        await worker.WhenIdleAsync(TimeSpan.FromSeconds(5));
        await Broker.EmbeddedBrokerLinkTests.WaitUntil(() => worker.Handled == 5);
        Assert.Equal([0, 7, 8, 9, 10], handler.Seen);
        Assert.Equal(6, worker.Dropped);
    }

    [Fact]
    public async Task Never_drop_waits_for_room_and_loses_nothing()
    {
        using var gate = new SemaphoreSlim(0);
        var handler = new RecordingHandler(gate);
        await using var worker = new SensorWorker("flow1", 4, OverflowPolicy.NeverDrop, handler);
        var posts = new List<Task>();
        for (var i = 0; i < 20; i++)
        {
            posts.Add(worker.PostAsync(Payload(i), 0).AsTask());
        }

        Assert.True(worker.IsBacklogged);
        Assert.True(worker.BackpressureWaits > 0);
        gate.Release(100);
        await Task.WhenAll(posts);
        await Broker.EmbeddedBrokerLinkTests.WaitUntil(() => worker.Handled == 20);
        Assert.Equal(Enumerable.Range(0, 20), handler.Seen);
        Assert.Equal(0, worker.Dropped);
    }

    [Fact]
    public async Task A_throwing_handler_is_counted_and_the_worker_goes_on()
    {
        using var gate = new SemaphoreSlim(100);
        var handler = new RecordingHandler(gate, failOnOdd: true);
        await using var worker = new SensorWorker("x", 16, OverflowPolicy.NeverDrop, handler);
        for (var i = 0; i < 10; i++)
        {
            await worker.PostAsync(Payload(i), 0);
        }

        await Broker.EmbeddedBrokerLinkTests.WaitUntil(() => worker.Handled + worker.Failures == 10);
        Assert.Equal(5, worker.Failures);
        Assert.IsType<InvalidDataException>(worker.LastFailure);
    }
}
