namespace RovDsp.Dsp.Formats.Ping;

/// <summary>A Ping protocol message that can serialise its payload (layouts from ping-protocol src/definitions/*.json).</summary>
public interface IPingMessage
{
    /// <summary>The protocol message id.</summary>
    ushort MessageId { get; }

    /// <summary>Length of the serialised payload in bytes.</summary>
    int PayloadLength { get; }

    /// <summary>Serialises the payload (little-endian fields) into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="PayloadLength"/> bytes.</param>
    /// <returns>The number of bytes written (<see cref="PayloadLength"/>).</returns>
    int WritePayload(Span<byte> destination);
}
