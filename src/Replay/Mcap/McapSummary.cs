namespace RovDsp.Replay.Mcap;

/// <summary>What the summary section of an indexed MCAP file says, as read by <see cref="McapReader.ReadSummary"/>.</summary>
public sealed class McapSummary
{
    /// <summary>The file's Header.</summary>
    public required McapHeader Header { get; init; }

    /// <summary>The file's Footer.</summary>
    public required McapFooter Footer { get; init; }

    /// <summary>Schemas by id.</summary>
    public required IReadOnlyDictionary<ushort, McapSchema> Schemas { get; init; }

    /// <summary>Channels by id.</summary>
    public required IReadOnlyDictionary<ushort, McapChannel> Channels { get; init; }

    /// <summary>The Statistics record; null when the file has none.</summary>
    public McapStatistics? Statistics { get; init; }

    /// <summary>Chunk indexes in file order.</summary>
    public required IReadOnlyList<McapChunkIndex> ChunkIndexes { get; init; }

    /// <summary>Attachment indexes in file order.</summary>
    public required IReadOnlyList<McapAttachmentIndex> AttachmentIndexes { get; init; }

    /// <summary>Metadata indexes in file order.</summary>
    public required IReadOnlyList<McapMetadataIndex> MetadataIndexes { get; init; }

    /// <summary>Summary Offset records by group opcode.</summary>
    public required IReadOnlyDictionary<byte, McapSummaryOffset> SummaryOffsets { get; init; }

    /// <summary>The Data End record just before the summary; null when it is not there.</summary>
    public McapDataEnd? DataEnd { get; init; }

    /// <summary>Offset of the Data End record (the end of the data section); -1 when it was not found.</summary>
    public long DataEndOffset { get; init; } = -1;

    /// <summary>Ids of the channels whose topic is one of <paramref name="topics"/>.</summary>
    public HashSet<ushort> ChannelIdsFor(IEnumerable<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var wanted = new HashSet<string>(topics, StringComparer.Ordinal);
        var ids = new HashSet<ushort>();
        foreach (McapChannel channel in Channels.Values)
        {
            if (wanted.Contains(channel.Topic))
            {
                ids.Add(channel.Id);
            }
        }
        return ids;
    }
}
