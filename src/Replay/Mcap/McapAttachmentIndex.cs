namespace RovDsp.Replay.Mcap;

/// <summary>Attachment Index record (op 0x0A) in the summary.</summary>
/// <param name="Offset">Offset of the attachment record from the start of the file.</param>
/// <param name="Length">Length of the attachment record including opcode and length prefix.</param>
/// <param name="LogTime">Time the attachment was recorded, ns.</param>
/// <param name="CreateTime">Time it was created, ns.</param>
/// <param name="DataSize">Size of the attachment's data.</param>
/// <param name="Name">Attachment name.</param>
/// <param name="MediaType">Media type.</param>
public sealed record McapAttachmentIndex(
    ulong Offset, ulong Length, ulong LogTime, ulong CreateTime, ulong DataSize, string Name, string MediaType) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.AttachmentIndex;
}
