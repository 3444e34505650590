using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Oculus;

/// <summary>
/// The OculusSimpleFireMessage fields echoed at the start of a SimplePingResult (Oculus.h, packed): the
/// settings the sonar fired with. It follows the 16-byte message header and is 37 bytes long.
/// </summary>
public sealed class OculusSimpleFireMessage
{
    /// <summary>Bytes of the fire message fields after the message header.</summary>
    public const int Size = 37;

    /// <summary>Bytes of a whole SimpleFireMessage on the wire: the header and the fields.</summary>
    public const int MessageSize = OculusMessageHeader.Size + Size;

    /// <summary>Flag bit: the range is in metres (otherwise percent).</summary>
    public const byte FlagRangeInMetres = 0x01;

    /// <summary>Flag bit: 16-bit data requested.</summary>
    public const byte FlagData16Bit = 0x02;

    /// <summary>Flag bit: each image row is preceded by a 4-byte gain.</summary>
    public const byte FlagGainSent = 0x04;

    /// <summary>masterMode: 1 low frequency, 2 high frequency.</summary>
    public byte MasterMode { get; init; }

    /// <summary>pingRate enumeration.</summary>
    public byte PingRate { get; init; }

    /// <summary>networkSpeed (0xFF for the fastest).</summary>
    public byte NetworkSpeed { get; init; }

    /// <summary>gammaCorrection (0-255).</summary>
    public byte GammaCorrection { get; init; }

    /// <summary>flags: see the Flag* constants.</summary>
    public byte Flags { get; init; }

    /// <summary>range: metres (or percent, per flags).</summary>
    public double Range { get; init; }

    /// <summary>gainPercent.</summary>
    public double GainPercent { get; init; }

    /// <summary>speedOfSound in m/s (0 means derived from salinity).</summary>
    public double SpeedOfSound { get; init; }

    /// <summary>salinity in ppt.</summary>
    public double Salinity { get; init; }

    /// <summary>True when the flags say each image row carries a gain value.</summary>
    public bool GainSent => (Flags & FlagGainSent) != 0;

    /// <summary>Parses the fields that follow the message header.</summary>
    /// <param name="data">At least <see cref="Size"/> bytes.</param>
    /// <param name="baseOffset">Offset of <paramref name="data"/> in the whole buffer.</param>
    /// <exception cref="OculusFormatException">Truncated.</exception>
    public static OculusSimpleFireMessage Parse(ReadOnlySpan<byte> data, long baseOffset)
    {
        if (data.Length < Size)
        {
            throw new OculusFormatException(baseOffset + data.Length, $"fire message truncated: {data.Length} of {Size} bytes");
        }
        return new OculusSimpleFireMessage
        {
            MasterMode = data[0],
            PingRate = data[1],
            NetworkSpeed = data[2],
            GammaCorrection = data[3],
            Flags = data[4],
            Range = BinaryPrimitives.ReadDoubleLittleEndian(data[5..]),
            GainPercent = BinaryPrimitives.ReadDoubleLittleEndian(data[13..]),
            SpeedOfSound = BinaryPrimitives.ReadDoubleLittleEndian(data[21..]),
            Salinity = BinaryPrimitives.ReadDoubleLittleEndian(data[29..]),
        };
    }

    /// <summary>Writes these fields (<see cref="Size"/> bytes) at the start of <paramref name="destination"/>, in the
    /// order <see cref="Parse"/> reads them.</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    public void WriteFields(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        destination[0] = MasterMode;
        destination[1] = PingRate;
        destination[2] = NetworkSpeed;
        destination[3] = GammaCorrection;
        destination[4] = Flags;
        BinaryPrimitives.WriteDoubleLittleEndian(destination[5..], Range);
        BinaryPrimitives.WriteDoubleLittleEndian(destination[13..], GainPercent);
        BinaryPrimitives.WriteDoubleLittleEndian(destination[21..], SpeedOfSound);
        BinaryPrimitives.WriteDoubleLittleEndian(destination[29..], Salinity);
    }

    /// <summary>Writes the whole SimpleFireMessage a client sends to fire the sonar (<see cref="MessageSize"/>
    /// bytes: header with msgId 0x15, msgVersion 0 (the layout of the pings in shared/data), then the fields); returns the bytes written.</summary>
    /// <param name="destination">At least <see cref="MessageSize"/> bytes.</param>
    /// <param name="srcDeviceId">Our id on the link (0 for a client).</param>
    /// <param name="dstDeviceId">The sonar's id (0 addresses whichever sonar is connected).</param>
    public int WriteMessage(Span<byte> destination, ushort srcDeviceId = 0, ushort dstDeviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, MessageSize, nameof(destination));
        new OculusMessageHeader(OculusMessageHeader.Magic, srcDeviceId, dstDeviceId, OculusMessageHeader.SimpleFireId, 0, Size, 0)
            .Write(destination);
        WriteFields(destination[OculusMessageHeader.Size..]);
        return MessageSize;
    }
}
