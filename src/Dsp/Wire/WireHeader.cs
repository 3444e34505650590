using System.Buffers.Binary;
using RovDsp.Dsp.Pipelines;

namespace RovDsp.Dsp.Wire;

/// <summary>
/// The fixed 24-byte header every raw-sensor payload starts with (little-endian):
/// <c>magic u16 = 0x5752 ("RW")</c>, <c>version u8</c>, <c>kind u8</c>, <c>header length u16</c> (24 in
/// version 1; a reader skips any extra header bytes a later minor revision adds), <c>flags u16</c> (0),
/// <c>timestamp i64</c> (ns since the Unix epoch), <c>sequence u32</c>, <c>body length u32</c>. The body follows.
/// </summary>
/// <param name="Kind">Message kind.</param>
/// <param name="Stamp">Acquisition time and sequence.</param>
/// <param name="BodyLength">Length of the body that follows the header, bytes.</param>
public readonly record struct WireHeader(WireKind Kind, MessageStamp Stamp, int BodyLength)
{
    /// <summary>The magic number, "RW" read as a little-endian u16.</summary>
    public const ushort Magic = 0x5752;

    /// <summary>The version this build writes and reads.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>Header size in version 1.</summary>
    public const int Size = 24;

    /// <summary>Largest body any decoder accepts (a 512 × 1500 float frame is 3 MB): anything claiming more is
    /// refused before a byte is allocated.</summary>
    public const int MaxBodyLength = 8 * 1024 * 1024;

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"the destination needs {Size} bytes for the header", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination, Magic);
        destination[2] = CurrentVersion;
        destination[3] = (byte)Kind;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Size);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], Stamp.TimestampNs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Stamp.Sequence);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], BodyLength);
    }

    /// <summary>Reads and checks the header of <paramref name="payload"/>; on success <paramref name="body"/> is
    /// exactly the declared body.</summary>
    public static WireError TryRead(ReadOnlySpan<byte> payload, out WireHeader header, out ReadOnlySpan<byte> body)
    {
        header = default;
        body = default;
        if (payload.Length < 8)
        {
            return payload.Length >= 2 && BinaryPrimitives.ReadUInt16LittleEndian(payload) != Magic
                ? WireError.BadMagic
                : WireError.Truncated;
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(payload) != Magic)
        {
            return WireError.BadMagic;
        }

        if (payload[2] != CurrentVersion)
        {
            return WireError.UnsupportedVersion;
        }

        var kind = payload[3];
        if (kind is < (byte)WireKind.EchosounderPing or > (byte)WireKind.SlurrySample)
        {
            return WireError.WrongKind;
        }

        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]);
        if (headerLength < Size)
        {
            return WireError.BadField;
        }

        if (payload.Length < headerLength)
        {
            return WireError.Truncated;
        }

        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(payload[20..]);
        if (bodyLength < 0 || bodyLength > MaxBodyLength)
        {
            return WireError.Oversized;
        }

        var available = payload.Length - headerLength;
        if (available < bodyLength)
        {
            return WireError.Truncated;
        }

        if (available > bodyLength)
        {
            return WireError.Oversized;
        }

        header = new WireHeader(
            (WireKind)kind,
            new MessageStamp(BinaryPrimitives.ReadInt64LittleEndian(payload[8..]), BinaryPrimitives.ReadUInt32LittleEndian(payload[16..])),
            bodyLength);
        body = payload.Slice(headerLength, bodyLength);
        return WireError.None;
    }
}
