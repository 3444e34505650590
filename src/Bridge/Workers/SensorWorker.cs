using System.Buffers;
using System.Threading.Channels;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.Workers;

/// <summary>
/// One sensor's bounded queue and the task that drains it in order. The MQTT receive handler only copies the
/// payload into a pooled buffer and enqueues it (<see cref="PostAsync"/>), so slow processing of one sensor never
/// blocks the receive loop or another sensor; per-sensor filter state stays on one worker, which is why work is
/// partitioned by sensor and never by message.
/// </summary>
public sealed class SensorWorker : IAsyncDisposable
{
    private readonly Channel<Item> _queue;
    private readonly ISensorHandler _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _drain;
    private int _depth;
    private long _dropped;
    private long _handled;
    private long _failures;
    private long _backpressureWaits;

    /// <summary>Creates and starts the worker.</summary>
    /// <param name="name">Sensor key, for metrics and errors.</param>
    /// <param name="capacity">Queue capacity in messages.</param>
    /// <param name="policy">What happens when the queue is full.</param>
    /// <param name="handler">The sensor's processing.</param>
    public SensorWorker(string name, int capacity, OverflowPolicy policy, ISensorHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(handler);
        Name = name;
        Capacity = capacity;
        Policy = policy;
        _handler = handler;
        var options = new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = policy == OverflowPolicy.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
        };
        _queue = policy == OverflowPolicy.DropOldest
            ? Channel.CreateBounded<Item>(options, OnDropped)
            : Channel.CreateBounded<Item>(options);
        _drain = Task.Run(DrainAsync);
    }

    /// <summary>Sensor key.</summary>
    public string Name { get; }

    /// <summary>Queue capacity.</summary>
    public int Capacity { get; }

    /// <summary>Overflow policy.</summary>
    public OverflowPolicy Policy { get; }

    /// <summary>Messages waiting now.</summary>
    public int Depth => Volatile.Read(ref _depth);

    /// <summary>Whether the queue is past its high-water mark (half full): a backlog worth an alarm.</summary>
    public bool IsBacklogged => Depth >= Capacity / 2;

    /// <summary>Messages dropped by the drop-oldest policy.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages handled.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Messages whose handler threw (counted; the worker goes on).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Times a never-drop queue was full and the receive path had to wait.</summary>
    public long BackpressureWaits => Interlocked.Read(ref _backpressureWaits);

    /// <summary>The last exception a handler threw, for the errors topic.</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>Copies <paramref name="payload"/> into a pooled buffer and enqueues it. Returns a completed task
    /// unless a never-drop queue is full, in which case the task completes when there is room.</summary>
    public ValueTask PostAsync(in ReadOnlySequence<byte> payload, long receivedTimestamp, CancellationToken cancellationToken = default)
    {
        var length = checked((int)payload.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        payload.CopyTo(buffer);
        var item = new Item(buffer, length, receivedTimestamp);
        Interlocked.Increment(ref _depth);
        if (_queue.Writer.TryWrite(item))
        {
            return ValueTask.CompletedTask;
        }

        Interlocked.Increment(ref _backpressureWaits);
        return WaitAndWriteAsync(item, cancellationToken);
    }

    private async ValueTask WaitAndWriteAsync(Item item, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            Interlocked.Decrement(ref _depth);
            ArrayPool<byte>.Shared.Return(item.Buffer);
            throw;
        }
    }

    private void OnDropped(Item item)
    {
        Interlocked.Decrement(ref _depth);
        Interlocked.Increment(ref _dropped);
        ArrayPool<byte>.Shared.Return(item.Buffer);
    }

    private async Task DrainAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    Interlocked.Decrement(ref _depth);
                    try
                    {
                        await _handler.HandleAsync(item.Buffer.AsMemory(0, item.Length), item.ReceivedTimestamp, _stop.Token)
                            .ConfigureAwait(false);
                        Interlocked.Increment(ref _handled);
                    }
                    catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex)
                    {
                        // One bad message must not stop the sensor's feed; it is counted and reported.
                        Interlocked.Increment(ref _failures);
                        LastFailure = ex;
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(item.Buffer);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Waits until everything queued so far has been handled (replays and tests use it to drain).</summary>
    public async Task WhenIdleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Depth > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"sensor worker '{Name}' still has {Depth} queued after {timeout.TotalSeconds:0.#} s");
            }

            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    /// <summary>Stops accepting, lets the queue drain for up to a second, then stops the worker.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (await Task.WhenAny(_drain, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false) != _drain)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _drain.ConfigureAwait(false);
        }

        while (_queue.Reader.TryRead(out var left))
        {
            ArrayPool<byte>.Shared.Return(left.Buffer);
        }

        _stop.Dispose();
    }

    private readonly record struct Item(byte[] Buffer, int Length, long ReceivedTimestamp);
}
