namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>One packet of an XTF stream: its common header and all of its bytes (header included).</summary>
/// <param name="Header">The common packet header.</param>
/// <param name="Bytes">The packet's NumBytesThisRecord bytes.</param>
public readonly record struct XtfPacket(XtfPacketHeader Header, ReadOnlyMemory<byte> Bytes);
