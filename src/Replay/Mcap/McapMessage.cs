namespace RovDsp.Replay.Mcap;

/// <summary>Message record (op 0x05).</summary>
/// <param name="ChannelId">Channel the message belongs to.</param>
/// <param name="Sequence">Publisher or recorder sequence number (0 when not used).</param>
/// <param name="LogTime">Time the message was recorded, ns since the file's epoch.</param>
/// <param name="PublishTime">Time the message was published, ns (the log time when unknown).</param>
/// <param name="Data">Message payload (readers give each message its own copy, unless
/// <see cref="McapReaderOptions.LeaseChunkBuffers"/>: then it slices its chunk's buffer until <see cref="Release"/>).</param>
public sealed record McapMessage(ushort ChannelId, uint Sequence, ulong LogTime, ulong PublishTime, ReadOnlyMemory<byte> Data)
    : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.Message;

    /// <summary>The chunk buffer <see cref="Data"/> slices, when the reader leases them (null otherwise).</summary>
    public McapChunkLease? Lease { get; init; }

    /// <summary>Done with <see cref="Data"/>: with a leased chunk buffer, once every message of the chunk is released
    /// the buffer is reused for a later chunk, so call this exactly once and read <see cref="Data"/> no more. Without a
    /// lease it does nothing.</summary>
    public void Release() => Lease?.ReleaseOne();
}
