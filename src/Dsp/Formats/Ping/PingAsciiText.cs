using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Common message <c>ascii_text</c> (id 3, general): A message for transmitting text data.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/common.json, little-endian: char[] ascii_message (rest of payload). The array is a view of the payload it was read from (no copy).</remarks>
public readonly ref struct PingAsciiText : IPingMessage
{
    /// <summary>The message id, 3.</summary>
    public const ushort Identifier = 3;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 0;

    /// <summary>ASCII text message. (not necessarily NULL terminated) (<c>ascii_message</c>, char array, the rest of the payload).</summary>
    public ReadOnlySpan<byte> AsciiMessage { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength + AsciiMessage.Length;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out PingAsciiText message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new PingAsciiText
        {
            AsciiMessage = payload.Slice(FixedPayloadLength),
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

        AsciiMessage.CopyTo(destination.Slice(FixedPayloadLength));
        return length;
    }
}
