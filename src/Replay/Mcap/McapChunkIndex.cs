namespace RovDsp.Replay.Mcap;

/// <summary>Chunk Index record (op 0x08) in the summary: where a chunk and its message indexes are.</summary>
/// <param name="MessageStartTime">Earliest message log time in the chunk.</param>
/// <param name="MessageEndTime">Latest message log time in the chunk.</param>
/// <param name="ChunkStartOffset">Offset of the chunk record from the start of the file.</param>
/// <param name="ChunkLength">Length of the chunk record including opcode and length prefix.</param>
/// <param name="MessageIndexOffsets">Channel id to the offset of its Message Index record after the chunk.</param>
/// <param name="MessageIndexLength">Total length of the message index records after the chunk.</param>
/// <param name="Compression">Compression string of the chunk.</param>
/// <param name="CompressedSize">Size of the chunk's records field as stored.</param>
/// <param name="UncompressedSize">Size of the chunk's records once decompressed.</param>
public sealed record McapChunkIndex(
    ulong MessageStartTime, ulong MessageEndTime, ulong ChunkStartOffset, ulong ChunkLength,
    IReadOnlyDictionary<ushort, ulong> MessageIndexOffsets, ulong MessageIndexLength, string Compression,
    ulong CompressedSize, ulong UncompressedSize) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.ChunkIndex;
}
