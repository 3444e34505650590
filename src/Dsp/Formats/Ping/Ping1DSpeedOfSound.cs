using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping1D message <c>speed_of_sound</c> (id 1203, get): The speed of sound used for distance calculations.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping1d.json, little-endian: u32 speed_of_sound.</remarks>
public readonly record struct Ping1DSpeedOfSound : IPingMessage
{
    /// <summary>The message id, 1203.</summary>
    public const ushort Identifier = 1203;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 4;

    /// <summary>The speed of sound in the measurement medium. ~1,500,000 mm/s for water. (<c>speed_of_sound</c>, u32).</summary>
    public uint SpeedOfSound { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping1DSpeedOfSound message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping1DSpeedOfSound
        {
            SpeedOfSound = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(0, 4)),
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

        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(0, 4), SpeedOfSound);
        return length;
    }
}
