namespace RovDsp.Replay.Mcap;

/// <summary>Message Index record (op 0x07), written after each chunk, one per channel present in the chunk.</summary>
/// <param name="ChannelId">Channel id.</param>
/// <param name="Entries">Log time and in-chunk offset of each message of that channel.</param>
public sealed record McapMessageIndex(ushort ChannelId, IReadOnlyList<McapMessageIndexEntry> Entries) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.MessageIndex;
}
