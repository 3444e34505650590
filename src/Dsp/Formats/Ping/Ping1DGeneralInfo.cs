using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping1D message <c>general_info</c> (id 1210, get): General information.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping1d.json, little-endian: u16 firmware_version_major, u16 firmware_version_minor, u16 voltage_5, u16 ping_interval, u8 gain_setting, u8 mode_auto.</remarks>
public readonly record struct Ping1DGeneralInfo : IPingMessage
{
    /// <summary>The message id, 1210.</summary>
    public const ushort Identifier = 1210;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 10;

    /// <summary>Firmware major version. (<c>firmware_version_major</c>, u16).</summary>
    public ushort FirmwareVersionMajor { get; init; }

    /// <summary>Firmware minor version. (<c>firmware_version_minor</c>, u16).</summary>
    public ushort FirmwareVersionMinor { get; init; }

    /// <summary>Device supply voltage. (<c>voltage_5</c>, u16).</summary>
    public ushort Voltage5 { get; init; }

    /// <summary>The interval between acoustic measurements. (<c>ping_interval</c>, u16).</summary>
    public ushort PingInterval { get; init; }

    /// <summary>The current gain setting. 0: 0.6, 1: 1.8, 2: 5.5, 3: 12.9, 4: 30.2, 5: 66.1, 6: 144 (<c>gain_setting</c>, u8).</summary>
    public byte GainSetting { get; init; }

    /// <summary>The current operating mode of the device. 0: manual mode, 1: auto mode (<c>mode_auto</c>, u8).</summary>
    public byte ModeAuto { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping1DGeneralInfo message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping1DGeneralInfo
        {
            FirmwareVersionMajor = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(0, 2)),
            FirmwareVersionMinor = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(2, 2)),
            Voltage5 = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(4, 2)),
            PingInterval = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(6, 2)),
            GainSetting = payload[8],
            ModeAuto = payload[9],
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

        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(0, 2), FirmwareVersionMajor);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(2, 2), FirmwareVersionMinor);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4, 2), Voltage5);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(6, 2), PingInterval);
        destination[8] = GainSetting;
        destination[9] = ModeAuto;
        return length;
    }
}
