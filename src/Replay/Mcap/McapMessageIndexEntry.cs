namespace RovDsp.Replay.Mcap;

/// <summary>One entry of a Message Index: a message's log time and its offset in the uncompressed chunk records.</summary>
/// <param name="LogTime">Message log time, ns.</param>
/// <param name="Offset">Offset of the Message record from the start of the uncompressed chunk records.</param>
public readonly record struct McapMessageIndexEntry(ulong LogTime, ulong Offset);
