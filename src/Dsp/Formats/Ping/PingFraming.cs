using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        // Only the sum modulo 2^16 is wanted, so per-lane u16 accumulators may wrap freely: the sum of the lanes
        // modulo 2^16 equals the byte sum modulo 2^16. Each byte vector is widened to two u16 halves and added.
        ref byte start = ref MemoryMarshal.GetReference(data);
        int i = 0;
        ushort sum = 0;
        if (Vector512.IsHardwareAccelerated && data.Length >= Vector512<byte>.Count)
        {
            Vector512<ushort> acc = Vector512<ushort>.Zero;
            for (; i <= data.Length - Vector512<byte>.Count; i += Vector512<byte>.Count)
            {
                (Vector512<ushort> lo, Vector512<ushort> hi) = Vector512.Widen(Vector512.LoadUnsafe(ref start, (nuint)i));
                acc += lo + hi;
            }

            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && data.Length >= Vector256<byte>.Count)
        {
            Vector256<ushort> acc = Vector256<ushort>.Zero;
            for (; i <= data.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                (Vector256<ushort> lo, Vector256<ushort> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref start, (nuint)i));
                acc += lo + hi;
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < data.Length; i++)
        {
            sum += data[i];
        }

        return sum;
    }

    /// <summary>Reads the payload-length field of a header.</summary>
    internal static int PayloadLengthOf(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(2, 2));
}
