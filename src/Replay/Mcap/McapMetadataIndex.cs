namespace RovDsp.Replay.Mcap;

/// <summary>Metadata Index record (op 0x0D) in the summary.</summary>
/// <param name="Offset">Offset of the metadata record from the start of the file.</param>
/// <param name="Length">Length of the metadata record including opcode and length prefix.</param>
/// <param name="Name">Name of the metadata record.</param>
public sealed record McapMetadataIndex(ulong Offset, ulong Length, string Name) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.MetadataIndex;
}
