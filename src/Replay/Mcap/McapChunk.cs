namespace RovDsp.Replay.Mcap;

/// <summary>
/// Chunk record (op 0x06) without its records: a sequential reader reports the chunk, then the records inside it.
/// </summary>
/// <param name="MessageStartTime">Earliest message log time in the chunk (0 when it has no message).</param>
/// <param name="MessageEndTime">Latest message log time in the chunk (0 when it has no message).</param>
/// <param name="UncompressedSize">Size of the records once decompressed.</param>
/// <param name="UncompressedCrc">CRC-32 of the uncompressed records; 0 = not computed.</param>
/// <param name="Compression">Compression string: "", "lz4" or "zstd".</param>
/// <param name="CompressedSize">Size of the records as stored.</param>
/// <param name="FileOffset">Offset of the chunk record (its opcode) in the file.</param>
public sealed record McapChunk(
    ulong MessageStartTime, ulong MessageEndTime, ulong UncompressedSize, uint UncompressedCrc, string Compression,
    ulong CompressedSize, long FileOffset) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.Chunk;
}
