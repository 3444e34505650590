using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Oculus;

/// <summary>
/// The 16-byte OculusMessageHeader that opens every Oculus network message (Blueprint Subsea Oculus.h, packed,
/// little-endian): oculusId 0x4F53, srcDeviceId, dstDeviceId, msgId, msgVersion, payloadSize, spare.
/// </summary>
/// <param name="OculusId">Always 0x4F53 ("SO" in memory order).</param>
/// <param name="SrcDeviceId">Sending device.</param>
/// <param name="DstDeviceId">Receiving device.</param>
/// <param name="MessageId">msgId (0x23 SimplePingResult).</param>
/// <param name="MessageVersion">msgVersion (0 or 1 for the layout parsed here).</param>
/// <param name="PayloadSize">Bytes that follow this header.</param>
/// <param name="Spare">spare2.</param>
public readonly record struct OculusMessageHeader(
    ushort OculusId, ushort SrcDeviceId, ushort DstDeviceId, ushort MessageId, ushort MessageVersion, uint PayloadSize, ushort Spare)
{
    /// <summary>Size of the header in bytes.</summary>
    public const int Size = 16;

    /// <summary>The oculusId every message starts with.</summary>
    public const ushort Magic = 0x4F53;

    /// <summary>msgId of a SimplePingResult.</summary>
    public const ushort SimplePingResultId = 0x23;

    /// <summary>msgId of a SimpleFireMessage (what a client sends to make the sonar ping).</summary>
    public const ushort SimpleFireId = 0x15;

    /// <summary>Length of the whole message, header included.</summary>
    public long MessageLength => Size + (long)PayloadSize;

    /// <summary>Parses the header at the start of <paramref name="data"/>.</summary>
    /// <param name="data">At least <see cref="Size"/> bytes.</param>
    /// <param name="baseOffset">Offset of <paramref name="data"/> in the whole buffer (names offsets in errors).</param>
    /// <exception cref="OculusFormatException">Truncated or wrong oculusId.</exception>
    public static OculusMessageHeader Parse(ReadOnlySpan<byte> data, long baseOffset)
    {
        if (data.Length < Size)
        {
            throw new OculusFormatException(baseOffset + data.Length, $"message header truncated: {data.Length} of {Size} bytes");
        }
        var id = BinaryPrimitives.ReadUInt16LittleEndian(data);
        if (id != Magic)
        {
            throw new OculusFormatException(baseOffset, $"oculusId is 0x{id:X4}, expected 0x4F53");
        }
        return new OculusMessageHeader(
            id,
            BinaryPrimitives.ReadUInt16LittleEndian(data[2..]),
            BinaryPrimitives.ReadUInt16LittleEndian(data[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(data[6..]),
            BinaryPrimitives.ReadUInt16LittleEndian(data[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(data[10..]),
            BinaryPrimitives.ReadUInt16LittleEndian(data[14..]));
    }

    /// <summary>Writes this header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    public void Write(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        BinaryPrimitives.WriteUInt16LittleEndian(destination, OculusId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], SrcDeviceId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], DstDeviceId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], MessageId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], MessageVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[10..], PayloadSize);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[14..], Spare);
    }
}
