using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Common message <c>protocol_version</c> (id 5, get): The protocol version
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/common.json, little-endian: u8 version_major, u8 version_minor, u8 version_patch, u8 reserved.</remarks>
public readonly record struct PingProtocolVersion : IPingMessage
{
    /// <summary>The message id, 5.</summary>
    public const ushort Identifier = 5;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 4;

    /// <summary>Protocol version major number. (<c>version_major</c>, u8).</summary>
    public byte VersionMajor { get; init; }

    /// <summary>Protocol version minor number. (<c>version_minor</c>, u8).</summary>
    public byte VersionMinor { get; init; }

    /// <summary>Protocol version patch number. (<c>version_patch</c>, u8).</summary>
    public byte VersionPatch { get; init; }

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
    public static bool TryRead(ReadOnlySpan<byte> payload, out PingProtocolVersion message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new PingProtocolVersion
        {
            VersionMajor = payload[0],
            VersionMinor = payload[1],
            VersionPatch = payload[2],
            Reserved = payload[3],
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

        destination[0] = VersionMajor;
        destination[1] = VersionMinor;
        destination[2] = VersionPatch;
        destination[3] = Reserved;
        return length;
    }
}
