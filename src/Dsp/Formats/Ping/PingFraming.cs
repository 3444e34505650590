using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Constants and helpers of the Ping protocol framing (bluerobotics/ping-protocol, docs/index.md):
/// 'B','R', u16 payload length, u16 message id, u8 source id, u8 destination id, payload,
/// u16 checksum = sum of all preceding bytes modulo 65536; multi-byte fields little-endian.
/// </summary>
public static class PingFraming
{
    /// <summary>First start byte, ASCII 'B'.</summary>
    public const byte Start1 = (byte)'B';

    /// <summary>Second start byte, ASCII 'R'.</summary>
    public const byte Start2 = (byte)'R';

    /// <summary>Header length in bytes (start bytes, payload length, message id, source, destination).</summary>
    public const int HeaderLength = 8;

    /// <summary>Checksum length in bytes.</summary>
    public const int ChecksumLength = 2;

    /// <summary>Largest payload the u16 length field can express.</summary>
    public const int MaxPayloadLength = ushort.MaxValue;

    /// <summary>Total frame length for a payload of <paramref name="payloadLength"/> bytes.</summary>
    /// <param name="payloadLength">Payload length in bytes (0 to 65535).</param>
    /// <returns>Header + payload + checksum length.</returns>
    public static int FrameLength(int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, MaxPayloadLength);
        return HeaderLength + payloadLength + ChecksumLength;
    }

    /// <summary>Byte sum of <paramref name="data"/> modulo 65536, the protocol's checksum.</summary>
    /// <param name="data">The bytes to sum (a frame without its trailing checksum).</param>
    /// <returns>The checksum.</returns>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        // A frame is at most 65545 bytes, so a 32-bit sum of bytes cannot overflow (65545 * 255 < 2^31).
        uint sum = 0;
        for (int i = 0; i < data.Length; i++)
        {
            sum += data[i];
        }

        return (ushort)sum;
    }

    /// <summary>Reads the payload-length field of a header.</summary>
    internal static int PayloadLengthOf(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(2, 2));
}
