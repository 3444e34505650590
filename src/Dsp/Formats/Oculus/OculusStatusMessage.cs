using System.Buffers.Binary;
using System.Net;

namespace RovDsp.Dsp.Formats.Oculus;

/// <summary>
/// The OculusStatusMsg a sonar broadcasts over UDP about once a second (Oculus.h, packed, little-endian): after the
/// 16-byte header, deviceId (u32), deviceType (u16), partNumber (u16), status (u32), six u32 of firmware versions
/// and dates, ipAddr, ipMask and connectedIpAddr (u32 each, the address bytes in network order), six MAC bytes,
/// eight temperatures and a pressure (f64). 142 bytes in all. A client finds the sonar's address in it.
/// </summary>
public sealed record OculusStatusMessage
{
    /// <summary>Bytes of the whole message.</summary>
    public const int Size = OculusMessageHeader.Size + 126;

    /// <summary>Offset of ipAddr from the start of the message.</summary>
    private const int IpOffset = OculusMessageHeader.Size + 4 + 2 + 2 + 4 + 24;

    /// <summary>srcDeviceId of the header.</summary>
    public ushort SrcDeviceId { get; init; }

    /// <summary>msgId of the header (the sonar's status id; not checked).</summary>
    public ushort MessageId { get; init; } = 1;

    /// <summary>deviceId.</summary>
    public uint DeviceId { get; init; }

    /// <summary>deviceType (1 = imaging sonar).</summary>
    public ushort DeviceType { get; init; } = 1;

    /// <summary>partNumber (for example 1032 for an M750d).</summary>
    public ushort PartNumber { get; init; }

    /// <summary>status bits.</summary>
    public uint Status { get; init; }

    /// <summary>The sonar's own address.</summary>
    public IPAddress IpAddress { get; init; } = IPAddress.Any;

    /// <summary>Its subnet mask.</summary>
    public IPAddress IpMask { get; init; } = IPAddress.Any;

    /// <summary>The client it is connected to (0.0.0.0 when none).</summary>
    public IPAddress ConnectedIpAddress { get; init; } = IPAddress.Any;

    /// <summary>Parses a status datagram.</summary>
    /// <param name="data">The datagram.</param>
    /// <exception cref="OculusFormatException">Too short or wrong oculusId.</exception>
    public static OculusStatusMessage Parse(ReadOnlySpan<byte> data)
    {
        var header = OculusMessageHeader.Parse(data, 0);
        if (data.Length < Size)
        {
            throw new OculusFormatException(data.Length, $"status message truncated: {data.Length} of {Size} bytes");
        }
        var p = data[OculusMessageHeader.Size..];
        return new OculusStatusMessage
        {
            SrcDeviceId = header.SrcDeviceId,
            MessageId = header.MessageId,
            DeviceId = BinaryPrimitives.ReadUInt32LittleEndian(p),
            DeviceType = BinaryPrimitives.ReadUInt16LittleEndian(p[4..]),
            PartNumber = BinaryPrimitives.ReadUInt16LittleEndian(p[6..]),
            Status = BinaryPrimitives.ReadUInt32LittleEndian(p[8..]),
            IpAddress = new IPAddress(data.Slice(IpOffset, 4)),
            IpMask = new IPAddress(data.Slice(IpOffset + 4, 4)),
            ConnectedIpAddress = new IPAddress(data.Slice(IpOffset + 8, 4)),
        };
    }

    /// <summary>Writes the message (<see cref="Size"/> bytes; versions, MAC, temperatures and pressure zero).</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    public int Write(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        destination[..Size].Clear();
        new OculusMessageHeader(OculusMessageHeader.Magic, SrcDeviceId, 0, MessageId, 0, Size - OculusMessageHeader.Size, 0).Write(destination);
        var p = destination[OculusMessageHeader.Size..];
        BinaryPrimitives.WriteUInt32LittleEndian(p, DeviceId);
        BinaryPrimitives.WriteUInt16LittleEndian(p[4..], DeviceType);
        BinaryPrimitives.WriteUInt16LittleEndian(p[6..], PartNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(p[8..], Status);
        WriteAddress(IpAddress, destination[IpOffset..]);
        WriteAddress(IpMask, destination[(IpOffset + 4)..]);
        WriteAddress(ConnectedIpAddress, destination[(IpOffset + 8)..]);
        return Size;
    }

    private static void WriteAddress(IPAddress address, Span<byte> destination)
    {
        if (!address.TryWriteBytes(destination[..4], out var written) || written != 4)
        {
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        }
    }
}
