using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Common message <c>nack</c> (id 2, general): Not acknowledged.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/common.json, little-endian: u16 nacked_id, char[] nack_message (rest of payload). The array is a view of the payload it was read from (no copy).</remarks>
public readonly ref struct PingNack : IPingMessage
{
    /// <summary>The message id, 2.</summary>
    public const ushort Identifier = 2;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 2;

    /// <summary>The message ID that is Not ACKnowledged. (<c>nacked_id</c>, u16).</summary>
    public ushort NackedId { get; init; }

    /// <summary>ASCII text message indicating NACK condition. (not necessarily NULL terminated) (<c>nack_message</c>, char array, the rest of the payload).</summary>
    public ReadOnlySpan<byte> NackMessage { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength + NackMessage.Length;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out PingNack message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new PingNack
        {
            NackedId = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(0, 2)),
            NackMessage = payload.Slice(FixedPayloadLength),
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

        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(0, 2), NackedId);
        NackMessage.CopyTo(destination.Slice(FixedPayloadLength));
        return length;
    }
}
