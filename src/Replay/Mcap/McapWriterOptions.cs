namespace RovDsp.Replay.Mcap;

/// <summary>Settings of <see cref="McapWriter"/>; validated by the writer's constructor.</summary>
public sealed record McapWriterOptions
{
    /// <summary>Header profile; empty by default (our own encodings follow no well-known profile).</summary>
    public string Profile { get; init; } = string.Empty;

    /// <summary>Header library string naming the writer.</summary>
    public string Library { get; init; } = "RovDsp.Replay.Mcap";

    /// <summary>Write messages into chunks (indexed, compressible). False writes them straight into the data section.</summary>
    public bool UseChunks { get; init; } = true;

    /// <summary>
    /// Largest uncompressed chunk in bytes: a chunk is closed before a message would take it past this size (a single
    /// larger message gets a chunk of its own). Default 1 MiB, the size Foxglove's writers use (a few sonar frames, or
    /// seconds of slurry telemetry, per chunk).
    /// </summary>
    public int ChunkSize { get; init; } = 1024 * 1024;

    /// <summary>Chunk compression; zstd by default (best ratio at similar speed for sensor data).</summary>
    public McapCompression Compression { get; init; } = McapCompression.Zstd;

    /// <summary>zstd level, 1 (fast) to 22; 3 is zstd's own default.</summary>
    public int ZstdLevel { get; init; } = 3;

    /// <summary>Store the CRC-32 of each chunk's uncompressed records.</summary>
    public bool ComputeChunkCrcs { get; init; } = true;

    /// <summary>Store the CRC-32 of the data section in Data End.</summary>
    public bool ComputeDataSectionCrc { get; init; } = true;

    /// <summary>Store the CRC-32 of the summary section in the footer.</summary>
    public bool ComputeSummaryCrc { get; init; } = true;

    /// <summary>Write a Message Index record per channel after each chunk.</summary>
    public bool WriteMessageIndexes { get; init; } = true;

    /// <summary>Write the summary section (schemas, channels, statistics, chunk/attachment/metadata indexes).</summary>
    public bool WriteSummary { get; init; } = true;

    /// <summary>Write Summary Offset records after the summary.</summary>
    public bool WriteSummaryOffsets { get; init; } = true;
}
