using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping1D message <c>distance_simple</c> (id 1211, get): The distance to target with confidence estimate.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping1d.json, little-endian: u32 distance, u8 confidence.</remarks>
public readonly record struct Ping1DDistanceSimple : IPingMessage
{
    /// <summary>The message id, 1211.</summary>
    public const ushort Identifier = 1211;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 5;

    /// <summary>Distance to the target. (<c>distance</c>, u32).</summary>
    public uint Distance { get; init; }

    /// <summary>Confidence in the distance measurement. (<c>confidence</c>, u8).</summary>
    public byte Confidence { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping1DDistanceSimple message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping1DDistanceSimple
        {
            Distance = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(0, 4)),
            Confidence = payload[4],
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

        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(0, 4), Distance);
        destination[4] = Confidence;
        return length;
    }
}
