namespace RovDsp.Replay.Recording;

/// <summary>What a recording holds, as read front to back by <see cref="RecordingInspector"/>.</summary>
/// <param name="FileSize">Size of the file, bytes.</param>
/// <param name="Profile">Header profile.</param>
/// <param name="Library">Header library (the writer).</param>
/// <param name="Channels">Channels in id order.</param>
/// <param name="MessageCount">Messages read.</param>
/// <param name="FirstLogTimeNs">Earliest message log time, ns (0 without messages).</param>
/// <param name="LastLogTimeNs">Latest message log time, ns (0 without messages).</param>
/// <param name="ChunkCount">Chunks read.</param>
/// <param name="Compression">Chunk compressions seen ("none" for uncompressed chunks), in order of first use.</param>
/// <param name="CompressedBytes">Sum of the chunks' stored sizes, bytes.</param>
/// <param name="UncompressedBytes">Sum of the chunks' uncompressed sizes, bytes.</param>
/// <param name="Metadata">Metadata records by name, in file order.</param>
/// <param name="Complete">True when the file was read to its footer without damage.</param>
/// <param name="Damage">Why reading stopped early or what was skipped; empty for a sound file.</param>
public sealed record RecordingInfo(
    long FileSize, string Profile, string Library, IReadOnlyList<RecordingChannelInfo> Channels, long MessageCount,
    ulong FirstLogTimeNs, ulong LastLogTimeNs, int ChunkCount, IReadOnlyList<string> Compression, long CompressedBytes,
    long UncompressedBytes, IReadOnlyList<KeyValuePair<string, IReadOnlyDictionary<string, string>>> Metadata,
    bool Complete, IReadOnlyList<string> Damage);
