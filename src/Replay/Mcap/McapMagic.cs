namespace RovDsp.Replay.Mcap;

/// <summary>The 8 magic bytes at both ends of an MCAP file: 0x89 'M' 'C' 'A' 'P' '0' '\r' '\n' (major version 0).</summary>
internal static class McapMagic
{
    /// <summary>Length of the magic in bytes.</summary>
    public const int Length = 8;

    /// <summary>The magic bytes.</summary>
    public static ReadOnlySpan<byte> Bytes => [0x89, (byte)'M', (byte)'C', (byte)'A', (byte)'P', (byte)'0', (byte)'\r', (byte)'\n'];
}
