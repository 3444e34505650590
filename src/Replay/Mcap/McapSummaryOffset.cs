namespace RovDsp.Replay.Mcap;

/// <summary>Summary Offset record (op 0x0E): where the group of summary records with one opcode lies.</summary>
/// <param name="GroupOpcode">Opcode of the records in the group.</param>
/// <param name="GroupStart">Offset of the group's first record.</param>
/// <param name="GroupLength">Total length of the group's records.</param>
public sealed record McapSummaryOffset(byte GroupOpcode, ulong GroupStart, ulong GroupLength) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.SummaryOffset;
}
