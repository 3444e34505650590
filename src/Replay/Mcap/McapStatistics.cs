namespace RovDsp.Replay.Mcap;

/// <summary>Statistics record (op 0x0B) in the summary.</summary>
/// <param name="MessageCount">Number of Message records in the file.</param>
/// <param name="SchemaCount">Number of distinct schema ids (excluding 0).</param>
/// <param name="ChannelCount">Number of distinct channel ids.</param>
/// <param name="AttachmentCount">Number of attachments.</param>
/// <param name="MetadataCount">Number of metadata records.</param>
/// <param name="ChunkCount">Number of chunks.</param>
/// <param name="MessageStartTime">Earliest message log time (0 when there are no messages).</param>
/// <param name="MessageEndTime">Latest message log time (0 when there are no messages).</param>
/// <param name="ChannelMessageCounts">Channel id to its message count.</param>
public sealed record McapStatistics(
    ulong MessageCount, ushort SchemaCount, uint ChannelCount, uint AttachmentCount, uint MetadataCount, uint ChunkCount,
    ulong MessageStartTime, ulong MessageEndTime, IReadOnlyDictionary<ushort, ulong> ChannelMessageCounts) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.Statistics;
}
