namespace RovDsp.Replay.Mcap;

/// <summary>Message record (op 0x05).</summary>
/// <param name="ChannelId">Channel the message belongs to.</param>
/// <param name="Sequence">Publisher or recorder sequence number (0 when not used).</param>
/// <param name="LogTime">Time the message was recorded, ns since the file's epoch.</param>
/// <param name="PublishTime">Time the message was published, ns (the log time when unknown).</param>
/// <param name="Data">Message payload (readers give each message its own copy).</param>
public sealed record McapMessage(ushort ChannelId, uint Sequence, ulong LogTime, ulong PublishTime, ReadOnlyMemory<byte> Data)
    : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.Message;
}
