using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>Encodes Ping protocol frames into caller-provided memory (no allocation).</summary>
public static class PingFrameWriter
{
    /// <summary>
    /// Writes a complete frame (header, <paramref name="payload"/>, checksum) to <paramref name="destination"/>.
    /// </summary>
    /// <param name="destination">Where the frame goes; at least <see cref="PingFraming.FrameLength"/> bytes.</param>
    /// <param name="messageId">Message id.</param>
    /// <param name="sourceId">Source device id.</param>
    /// <param name="destinationId">Destination device id.</param>
    /// <param name="payload">Payload bytes (at most 65535).</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small or the payload too long.</exception>
    public static int Write(Span<byte> destination, ushort messageId, byte sourceId, byte destinationId, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > PingFraming.MaxPayloadLength)
        {
            throw new ArgumentException($"Payload of {payload.Length} bytes exceeds {PingFraming.MaxPayloadLength}.", nameof(payload));
        }

        int total = PingFraming.HeaderLength + payload.Length + PingFraming.ChecksumLength;
        if (destination.Length < total)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes, the frame needs {total}.", nameof(destination));
        }

        WriteHeader(destination, payload.Length, messageId, sourceId, destinationId);
        payload.CopyTo(destination.Slice(PingFraming.HeaderLength));
        Seal(destination.Slice(0, total));
        return total;
    }

    /// <summary>
    /// Encodes <paramref name="message"/> as a complete frame into <paramref name="destination"/>,
    /// serialising its payload directly in place.
    /// </summary>
    /// <typeparam name="TMessage">The message type.</typeparam>
    /// <param name="destination">Where the frame goes.</param>
    /// <param name="message">The message.</param>
    /// <param name="sourceId">Source device id.</param>
    /// <param name="destinationId">Destination device id.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small or the payload too long.</exception>
    public static int Write<TMessage>(Span<byte> destination, TMessage message, byte sourceId = 0, byte destinationId = 0)
        where TMessage : IPingMessage, allows ref struct
    {
        int payloadLength = message.PayloadLength;
        if (payloadLength > PingFraming.MaxPayloadLength)
        {
            throw new ArgumentException($"Payload of {payloadLength} bytes exceeds {PingFraming.MaxPayloadLength}.", nameof(message));
        }

        int total = PingFraming.HeaderLength + payloadLength + PingFraming.ChecksumLength;
        if (destination.Length < total)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes, the frame needs {total}.", nameof(destination));
        }

        WriteHeader(destination, payloadLength, message.MessageId, sourceId, destinationId);
        message.WritePayload(destination.Slice(PingFraming.HeaderLength, payloadLength));
        Seal(destination.Slice(0, total));
        return total;
    }

    private static void WriteHeader(Span<byte> destination, int payloadLength, ushort messageId, byte sourceId, byte destinationId)
    {
        destination[0] = PingFraming.Start1;
        destination[1] = PingFraming.Start2;
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(2, 2), (ushort)payloadLength);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4, 2), messageId);
        destination[6] = sourceId;
        destination[7] = destinationId;
    }

    private static void Seal(Span<byte> frame)
    {
        int body = frame.Length - PingFraming.ChecksumLength;
        BinaryPrimitives.WriteUInt16LittleEndian(frame.Slice(body, 2), PingFraming.Checksum(frame.Slice(0, body)));
    }
}
