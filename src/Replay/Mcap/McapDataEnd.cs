namespace RovDsp.Replay.Mcap;

/// <summary>Data End record (op 0x0F), the last record of the data section.</summary>
/// <param name="DataSectionCrc">CRC-32 of every byte from the start of the file up to this record; 0 = none.</param>
public sealed record McapDataEnd(uint DataSectionCrc) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.DataEnd;
}
