namespace RovDsp.Replay.Mcap;

/// <summary>What <see cref="McapRepair"/> saved from a damaged file and what it had to drop.</summary>
/// <param name="InputLength">Size of the damaged input, bytes.</param>
/// <param name="ValidLength">Length of the input's undamaged prefix (through the last complete record), bytes.</param>
/// <param name="MessagesRecovered">Messages written to the repaired file.</param>
/// <param name="ChunksRecovered">Input chunks whose records were recovered.</param>
/// <param name="SchemasRecovered">Schemas written.</param>
/// <param name="ChannelsRecovered">Channels written.</param>
/// <param name="MetadataRecovered">Metadata records written.</param>
/// <param name="AttachmentsRecovered">Attachments written.</param>
/// <param name="MessagesDropped">Messages read but not written (channel never defined, or conflicting definitions).</param>
/// <param name="Dropped">Human-readable list of what was dropped and why (bad chunks, the cut-off tail, conflicts).</param>
/// <param name="InputWasComplete">True when the input's data section was read to its Data End (or Footer) without damage.</param>
public sealed record McapRepairResult(
    long InputLength, long ValidLength, long MessagesRecovered, int ChunksRecovered, int SchemasRecovered,
    int ChannelsRecovered, int MetadataRecovered, int AttachmentsRecovered, long MessagesDropped,
    IReadOnlyList<string> Dropped, bool InputWasComplete)
{
    /// <summary>Bytes at the end of the input that could not be read (0 for a complete file).</summary>
    public long BytesDropped => InputLength - ValidLength;
}
