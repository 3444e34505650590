using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping1D message <c>firmware_version</c> (id 1200, get): Device information
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping1d.json, little-endian: u8 device_type, u8 device_model, u16 firmware_version_major, u16 firmware_version_minor.</remarks>
public readonly record struct Ping1DFirmwareVersion : IPingMessage
{
    /// <summary>The message id, 1200.</summary>
    public const ushort Identifier = 1200;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 6;

    /// <summary>Device type. 0: Unknown; 1: Echosounder (<c>device_type</c>, u8).</summary>
    public byte DeviceType { get; init; }

    /// <summary>Device model. 0: Unknown; 1: Ping1D (<c>device_model</c>, u8).</summary>
    public byte DeviceModel { get; init; }

    /// <summary>Firmware version major number. (<c>firmware_version_major</c>, u16).</summary>
    public ushort FirmwareVersionMajor { get; init; }

    /// <summary>Firmware version minor number. (<c>firmware_version_minor</c>, u16).</summary>
    public ushort FirmwareVersionMinor { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping1DFirmwareVersion message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping1DFirmwareVersion
        {
            DeviceType = payload[0],
            DeviceModel = payload[1],
            FirmwareVersionMajor = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(2, 2)),
            FirmwareVersionMinor = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(4, 2)),
        };
        return true;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="PayloadLength"/>.</exception>
    public int WritePayload(Span<byte> destination)
    {
        int length = PayloadLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes, the payload needs {length}.", nameof(destination));
        }

        destination[0] = DeviceType;
        destination[1] = DeviceModel;
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(2, 2), FirmwareVersionMajor);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4, 2), FirmwareVersionMinor);
        return length;
    }
}
