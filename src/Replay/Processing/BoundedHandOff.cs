namespace RovDsp.Replay.Processing;

/// <summary>
/// A bounded first-in first-out hand-over between one producer thread and one consumer thread that blocks without
/// spinning (a lock and <see cref="Monitor.Wait(object)"/>). <c>BlockingCollection</c>'s semaphore spins before it
/// sleeps, which on a 2-core machine running three busy threads burnt about a quarter of the samples of a
/// full-rate run in <c>SpinWait</c>; here a waiting thread gives its core straight to the others.
/// </summary>
/// <typeparam name="T">Item type.</typeparam>
internal sealed class BoundedHandOff<T>
{
    private readonly Queue<T> _items = new();
    private readonly int _capacity;
    private readonly CancellationToken _cancellation;
    private bool _completed;

    /// <summary>Creates a hand-over holding at most <paramref name="capacity"/> items; waits end with
    /// <see cref="OperationCanceledException"/> once <paramref name="cancellation"/> is cancelled.</summary>
    public BoundedHandOff(int capacity, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _cancellation = cancellation;
        // Wake every waiter on cancellation so it can see it.
        _cancellation.Register(() =>
        {
            lock (_items)
            {
                Monitor.PulseAll(_items);
            }
        });
    }

    /// <summary>Adds an item, waiting while the hand-over is full.</summary>
    public void Add(T item)
    {
        lock (_items)
        {
            while (_items.Count >= _capacity)
            {
                _cancellation.ThrowIfCancellationRequested();
                Monitor.Wait(_items);
            }

            _cancellation.ThrowIfCancellationRequested();
            _items.Enqueue(item);
            if (_items.Count == 1)
            {
                Monitor.PulseAll(_items);
            }
        }
    }

    /// <summary>No more items will be added: <see cref="TryTake"/> returns false once the last is taken.</summary>
    public void CompleteAdding()
    {
        lock (_items)
        {
            _completed = true;
            Monitor.PulseAll(_items);
        }
    }

    /// <summary>Takes the oldest item, waiting while there is none; false when completed and empty.</summary>
    public bool TryTake(out T item)
    {
        lock (_items)
        {
            while (_items.Count == 0)
            {
                if (_completed)
                {
                    item = default!;
                    return false;
                }

                _cancellation.ThrowIfCancellationRequested();
                Monitor.Wait(_items);
            }

            var wasFull = _items.Count >= _capacity;
            item = _items.Dequeue();
            if (wasFull)
            {
                Monitor.PulseAll(_items);
            }

            return true;
        }
    }
}
