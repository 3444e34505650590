using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Common message <c>set_device_id</c> (id 100, set): Set the device ID.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/common.json, little-endian: u8 device_id.</remarks>
public readonly record struct PingSetDeviceId : IPingMessage
{
    /// <summary>The message id, 100.</summary>
    public const ushort Identifier = 100;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 1;

    /// <summary>Device ID (1-254). 0 is unknown and 255 is reserved for broadcast messages. (<c>device_id</c>, u8).</summary>
    public byte DeviceId { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out PingSetDeviceId message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new PingSetDeviceId
        {
            DeviceId = payload[0],
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

        destination[0] = DeviceId;
        return length;
    }
}
