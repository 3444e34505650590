namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// One complete, checksum-verified Ping protocol frame as seen by a <see cref="PingFrameHandler"/>.
/// The payload is a view into the parser's buffer and is valid only during the callback.
/// </summary>
/// <remarks>
/// Framing (bluerobotics/ping-protocol, docs/index.md): 'B','R', u16 payload length, u16 message id,
/// u8 source id, u8 destination id, payload, u16 checksum; all little-endian.
/// </remarks>
public readonly ref struct PingFrame
{
    /// <summary>Creates a frame view.</summary>
    /// <param name="messageId">Message id from the header.</param>
    /// <param name="sourceId">Source device id from the header.</param>
    /// <param name="destinationId">Destination device id from the header.</param>
    /// <param name="payload">The payload bytes (without header and checksum).</param>
    public PingFrame(ushort messageId, byte sourceId, byte destinationId, ReadOnlySpan<byte> payload)
    {
        MessageId = messageId;
        SourceId = sourceId;
        DestinationId = destinationId;
        Payload = payload;
    }

    /// <summary>Message id (header bytes 4-5).</summary>
    public ushort MessageId { get; }

    /// <summary>Source device id (header byte 6).</summary>
    public byte SourceId { get; }

    /// <summary>Destination device id (header byte 7).</summary>
    public byte DestinationId { get; }

    /// <summary>The payload bytes; only valid during the callback that received this frame.</summary>
    public ReadOnlySpan<byte> Payload { get; }
}
