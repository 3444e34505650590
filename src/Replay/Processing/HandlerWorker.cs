using RovDsp.Processing.Feeds;

namespace RovDsp.Replay.Processing;

/// <summary>
/// Runs the handlers of the heaviest sensors (the image-rendering sonars: ~60 % of a full-rate run) on a second thread,
/// one message at a time in the order they were posted, like the live bridge's per-sensor worker. Each message's
/// output goes into its <see cref="MessageSlot"/>; the posting thread applies slots in file order, waiting on
/// <see cref="WaitDone"/> when the head slot is this worker's and not finished. Bounded: at most
/// <see cref="Capacity"/> messages wait.
/// </summary>
internal sealed class HandlerWorker : IDisposable
{
    private const int Capacity = 64;

    private readonly BoundedHandOff<(MessageSlot Slot, SlotFeedSink Sink, ISensorHandler Handler)> _queue;
    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private readonly object _gate = new();

    /// <summary>Starts the worker thread.</summary>
    public HandlerWorker(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _queue = new BoundedHandOff<(MessageSlot, SlotFeedSink, ISensorHandler)>(Capacity, _stop.Token);
        _thread = new Thread(Run) { IsBackground = true, Name = "process-handler" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="slot"/>'s message for <paramref name="handler"/> (blocks while the queue is full).</summary>
    public void Post(MessageSlot slot, SlotFeedSink sink, ISensorHandler handler) => _queue.Add((slot, sink, handler));

    /// <summary>Blocks until <paramref name="slot"/> is done.</summary>
    public void WaitDone(MessageSlot slot)
    {
        lock (_gate)
        {
            while (!slot.Done)
            {
                _stop.Token.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, 100);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }

    private void Run()
    {
        try
        {
            while (_queue.TryTake(out var work))
            {
                var (slot, sink, handler) = work;
                try
                {
                    sink.Slot = slot;
                    var pending = handler.HandleAsync(slot.Message.Data, System.Diagnostics.Stopwatch.GetTimestamp(), _stop.Token);
                    if (!pending.IsCompletedSuccessfully)
                    {
                        pending.AsTask().GetAwaiter().GetResult();
                    }
                }
                catch (Exception e)
                {
                    // Handed to the applying thread, which rethrows it in file order.
                    slot.Failure = e;
                }

                lock (_gate)
                {
                    slot.Complete();
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped: the processor is unwinding.
        }
    }
}
