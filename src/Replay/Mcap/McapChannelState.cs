namespace RovDsp.Replay.Mcap;

/// <summary>What <see cref="McapWriter"/> keeps per channel: the record, its message count, the open chunk's index.</summary>
internal sealed class McapChannelState
{
    private static readonly Comparison<McapMessageIndexEntry> ByTimeThenOffset = static (a, b) =>
        a.LogTime != b.LogTime ? a.LogTime.CompareTo(b.LogTime) : a.Offset.CompareTo(b.Offset);

    private McapMessageIndexEntry[] _entries = new McapMessageIndexEntry[64];
    private bool _unsorted;

    /// <summary>Creates the state of <paramref name="channel"/>.</summary>
    public McapChannelState(McapChannel channel) => Channel = channel;

    /// <summary>The channel record.</summary>
    public McapChannel Channel { get; }

    /// <summary>Messages written on the channel.</summary>
    public ulong MessageCount { get; set; }

    /// <summary>Messages of this channel in the open chunk.</summary>
    public int EntryCount { get; private set; }

    /// <summary>Adds a message of the open chunk (amortized growth, reused across chunks).</summary>
    public void Add(ulong logTime, ulong offset)
    {
        if (EntryCount == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }
        if (EntryCount > 0 && logTime < _entries[EntryCount - 1].LogTime)
        {
            _unsorted = true;
        }
        _entries[EntryCount++] = new McapMessageIndexEntry(logTime, offset);
    }

    /// <summary>
    /// The open chunk's entries in log-time order (ties by offset), as readers that binary-search the index expect.
    /// </summary>
    public ReadOnlySpan<McapMessageIndexEntry> SortedEntries()
    {
        Span<McapMessageIndexEntry> span = _entries.AsSpan(0, EntryCount);
        if (_unsorted)
        {
            span.Sort(ByTimeThenOffset);
            _unsorted = false;
        }
        return span;
    }

    /// <summary>Forgets the open chunk's entries.</summary>
    public void ClearEntries()
    {
        EntryCount = 0;
        _unsorted = false;
    }
}
