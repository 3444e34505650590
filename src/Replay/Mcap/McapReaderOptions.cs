namespace RovDsp.Replay.Mcap;

/// <summary>Settings of <see cref="McapReader"/> and <see cref="McapStreamReader"/>.</summary>
public sealed record McapReaderOptions
{
    /// <summary>Check the chunk, attachment, data section and summary CRCs that the file provides (non-zero ones).</summary>
    public bool ValidateCrcs { get; init; } = true;

    /// <summary>
    /// Largest record (and summary section) accepted, in bytes; larger declared lengths are format errors rather than
    /// allocations. 512 MiB by default, far above any sonar chunk.
    /// </summary>
    public long MaxRecordSize { get; init; } = 512L * 1024 * 1024;

    /// <summary>Largest uncompressed chunk accepted, in bytes (512 MiB by default).</summary>
    public long MaxChunkSize { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// Indexed reads (<see cref="McapReader.ReadMessages"/>) decompress each chunk into a pooled buffer that its
    /// messages slice, instead of copying every payload out of a reused one: for a full-rate dive that is 1.1 GB of
    /// copies and as many first touches of fresh large-object memory saved. The consumer must call
    /// <see cref="McapMessage.Release"/> once per message when done with it; a message never released only keeps its
    /// chunk's buffer from being reused (the GC still frees it).
    /// </summary>
    public bool LeaseChunkBuffers { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    internal void Validate()
    {
        if (MaxRecordSize is < 64 or > 2_000_000_000)
        {
            throw new ArgumentException($"{nameof(MaxRecordSize)} must be 64..2e9 bytes, got {MaxRecordSize}.", nameof(MaxRecordSize));
        }
        if (MaxChunkSize is < 64 or > 2_000_000_000)
        {
            throw new ArgumentException($"{nameof(MaxChunkSize)} must be 64..2e9 bytes, got {MaxChunkSize}.", nameof(MaxChunkSize));
        }
    }
}
