namespace RovDsp.Replay.Mcap;

/// <summary>Chunk compression (mcap.dev registry, "Compression formats").</summary>
public enum McapCompression
{
    /// <summary>No compression: the chunk's compression string is empty.</summary>
    None = 0,
    /// <summary>"lz4": the LZ4 FRAME format (magic 0x184D2204), not raw LZ4 blocks.</summary>
    Lz4 = 1,
    /// <summary>"zstd": a Zstandard frame.</summary>
    Zstd = 2,
}
