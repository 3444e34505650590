namespace RovDsp.Dsp.Formats.Oculus;

/// <summary>One whole message found by <see cref="OculusStreamSplitter"/>.</summary>
/// <param name="Offset">Byte offset of the message in the split buffer.</param>
/// <param name="Header">Its header.</param>
/// <param name="Bytes">All its bytes (header and payload).</param>
public readonly record struct OculusMessage(long Offset, OculusMessageHeader Header, ReadOnlyMemory<byte> Bytes);
