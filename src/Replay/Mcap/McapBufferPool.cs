using System.Collections.Concurrent;

namespace RovDsp.Replay.Mcap;

/// <summary>
/// Decompressed-chunk buffers for reuse: rented by the reading thread, returned by whichever thread releases a
/// chunk's last message (<see cref="McapChunkLease"/>). Chunks of one file are about the same size, so a buffer
/// returned is almost always large enough for the next; a smaller one is dropped and a new one allocated. Buffers
/// are allocated uninitialised (the decoders fill every byte or fail).
/// </summary>
internal sealed class McapBufferPool
{
    private readonly ConcurrentQueue<byte[]> _free = new();
    private readonly int _capacity;
    private long _allocated;

    /// <summary>A pool keeping at most <paramref name="capacity"/> free buffers.</summary>
    public McapBufferPool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Buffers allocated so far (not taken from the pool).</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    /// <summary>A buffer of at least <paramref name="size"/> bytes.</summary>
    public byte[] Rent(int size)
    {
        while (_free.TryDequeue(out var buffer))
        {
            if (buffer.Length >= size)
            {
                return buffer;
            }
        }

        Interlocked.Increment(ref _allocated);
        return GC.AllocateUninitializedArray<byte>(size);
    }

    /// <summary>Gives <paramref name="buffer"/> back (kept if the pool is not full).</summary>
    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (_free.Count < _capacity)
        {
            _free.Enqueue(buffer);
        }
    }
}
