using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Common message <c>device_information</c> (id 4, get): Device information
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/common.json, little-endian: u8 device_type, u8 device_revision, u8 firmware_version_major, u8 firmware_version_minor, u8 firmware_version_patch, u8 reserved.</remarks>
public readonly record struct PingDeviceInformation : IPingMessage
{
    /// <summary>The message id, 4.</summary>
    public const ushort Identifier = 4;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 6;

    /// <summary>Device type. 0: Unknown; 1: Ping Echosounder; 2: Ping360 (<c>device_type</c>, u8).</summary>
    public byte DeviceType { get; init; }

    /// <summary>device-specific hardware revision (<c>device_revision</c>, u8).</summary>
    public byte DeviceRevision { get; init; }

    /// <summary>Firmware version major number. (<c>firmware_version_major</c>, u8).</summary>
    public byte FirmwareVersionMajor { get; init; }

    /// <summary>Firmware version minor number. (<c>firmware_version_minor</c>, u8).</summary>
    public byte FirmwareVersionMinor { get; init; }

    /// <summary>Firmware version patch number. (<c>firmware_version_patch</c>, u8).</summary>
    public byte FirmwareVersionPatch { get; init; }

    /// <summary>reserved (<c>reserved</c>, u8).</summary>
    public byte Reserved { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out PingDeviceInformation message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new PingDeviceInformation
        {
            DeviceType = payload[0],
            DeviceRevision = payload[1],
            FirmwareVersionMajor = payload[2],
            FirmwareVersionMinor = payload[3],
            FirmwareVersionPatch = payload[4],
            Reserved = payload[5],
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
        destination[1] = DeviceRevision;
        destination[2] = FirmwareVersionMajor;
        destination[3] = FirmwareVersionMinor;
        destination[4] = FirmwareVersionPatch;
        destination[5] = Reserved;
        return length;
    }
}
