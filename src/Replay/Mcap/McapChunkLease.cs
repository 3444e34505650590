namespace RovDsp.Replay.Mcap;

/// <summary>
/// A decompressed chunk's pooled buffer, shared by the messages that slice it: the reader sets how many messages it
/// handed out, each <see cref="McapMessage.Release"/> counts one down, and the last gives the buffer back to the pool
/// (from any thread).
/// </summary>
public sealed class McapChunkLease
{
    private readonly McapBufferPool _pool;
    private readonly byte[] _buffer;
    private int _outstanding;

    internal McapChunkLease(McapBufferPool pool, byte[] buffer)
    {
        _pool = pool;
        _buffer = buffer;
    }

    /// <summary>Messages not yet released.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Sets the number of messages handed out; with none, the buffer goes back at once.</summary>
    internal void Hold(int messages)
    {
        if (messages == 0)
        {
            _pool.Return(_buffer);
            return;
        }

        Volatile.Write(ref _outstanding, messages);
    }

    /// <summary>One message is done with the buffer.</summary>
    internal void ReleaseOne()
    {
        var left = Interlocked.Decrement(ref _outstanding);
        if (left == 0)
        {
            _pool.Return(_buffer);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("a message of this chunk was released twice");
        }
    }
}
