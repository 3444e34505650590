using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping360 message <c>set_device_id</c> (id 2000, set): Change the device id
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping360.json, little-endian: u8 id, u8 reserved.</remarks>
public readonly record struct Ping360SetDeviceId : IPingMessage
{
    /// <summary>The message id, 2000.</summary>
    public const ushort Identifier = 2000;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 2;

    /// <summary>Device ID (1-254). 0 and 255 are reserved. (<c>id</c>, u8).</summary>
    public byte Id { get; init; }

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
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping360SetDeviceId message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping360SetDeviceId
        {
            Id = payload[0],
            Reserved = payload[1],
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

        destination[0] = Id;
        destination[1] = Reserved;
        return length;
    }
}
