namespace RovDsp.Replay.Mcap;

/// <summary>Attachment record (op 0x09): an auxiliary artefact such as a calibration file.</summary>
/// <param name="LogTime">Time the attachment was recorded, ns.</param>
/// <param name="CreateTime">Time it was created, ns (0 when unknown).</param>
/// <param name="Name">Attachment name, e.g. "calibration.json".</param>
/// <param name="MediaType">Media type, e.g. "application/json".</param>
/// <param name="Data">The attachment's bytes.</param>
/// <param name="Crc">CRC-32 of the preceding fields of the record; 0 = not computed.</param>
public sealed record McapAttachment(
    ulong LogTime, ulong CreateTime, string Name, string MediaType, ReadOnlyMemory<byte> Data, uint Crc) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.Attachment;
}
