using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>
/// The first 14 bytes every XTF packet shares: MagicNumber 0xFACE, HeaderType, SubChannelNumber,
/// NumChansToFollow, two reserved words and NumBytesThisRecord (the whole packet's length).
/// </summary>
/// <param name="Offset">Byte offset of the packet in the parsed buffer.</param>
/// <param name="HeaderType">Packet type (0 sonar, 2 bathymetry, 3 attitude, ...).</param>
/// <param name="SubChannelNumber">SubChannelNumber.</param>
/// <param name="NumChansToFollow">Number of channel headers that follow the ping header.</param>
/// <param name="NumBytesThisRecord">Length of the whole packet in bytes, this header included.</param>
public readonly record struct XtfPacketHeader(
    long Offset, byte HeaderType, byte SubChannelNumber, ushort NumChansToFollow, uint NumBytesThisRecord)
{
    /// <summary>The packet magic number.</summary>
    public const ushort Magic = 0xFACE;

    /// <summary>Bytes of the common packet header.</summary>
    public const int Size = 14;

    /// <summary>HeaderType of a side-scan sonar ping.</summary>
    public const byte SonarHeaderType = 0;

    /// <summary>
    /// Parses the common header of the packet at <paramref name="offset"/> of <paramref name="data"/> and
    /// checks that the whole packet lies inside the buffer.
    /// </summary>
    /// <param name="data">The buffer.</param>
    /// <param name="offset">Where the packet starts.</param>
    /// <exception cref="XtfFormatException">Truncated, wrong magic, or a length outside the buffer.</exception>
    public static XtfPacketHeader Parse(ReadOnlySpan<byte> data, int offset)
    {
        if (offset < 0 || offset > data.Length - Size)
        {
            throw new XtfFormatException(offset, $"packet header truncated: {Math.Max(0, data.Length - offset)} of {Size} bytes");
        }
        var p = data[offset..];
        var magic = BinaryPrimitives.ReadUInt16LittleEndian(p);
        if (magic != Magic)
        {
            throw new XtfFormatException(offset, $"packet magic is 0x{magic:X4}, expected 0xFACE");
        }
        var length = BinaryPrimitives.ReadUInt32LittleEndian(p[10..]);
        if (length < Size)
        {
            throw new XtfFormatException(offset + 10, $"NumBytesThisRecord {length} is shorter than the packet header");
        }
        if (length > (uint)(data.Length - offset))
        {
            throw new XtfFormatException(offset + 10, $"NumBytesThisRecord {length} runs past the end of the buffer ({data.Length - offset} bytes left)");
        }
        return new XtfPacketHeader(offset, p[2], p[3], BinaryPrimitives.ReadUInt16LittleEndian(p[4..]), length);
    }
}
