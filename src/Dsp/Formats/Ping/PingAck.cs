using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Common message <c>ack</c> (id 1, general): Acknowledged.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/common.json, little-endian: u16 acked_id.</remarks>
public readonly record struct PingAck : IPingMessage
{
    /// <summary>The message id, 1.</summary>
    public const ushort Identifier = 1;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 2;

    /// <summary>The message ID that is ACKnowledged. (<c>acked_id</c>, u16).</summary>
    public ushort AckedId { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out PingAck message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new PingAck
        {
            AckedId = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(0, 2)),
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

        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(0, 2), AckedId);
        return length;
    }
}
