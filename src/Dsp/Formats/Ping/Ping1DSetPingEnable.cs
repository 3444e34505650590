using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping1D message <c>set_ping_enable</c> (id 1006, set): Enable or disable acoustic measurements.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping1d.json, little-endian: u8 ping_enabled.</remarks>
public readonly record struct Ping1DSetPingEnable : IPingMessage
{
    /// <summary>The message id, 1006.</summary>
    public const ushort Identifier = 1006;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 1;

    /// <summary>0: Disable, 1: Enable. (<c>ping_enabled</c>, u8).</summary>
    public byte PingEnabled { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping1DSetPingEnable message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping1DSetPingEnable
        {
            PingEnabled = payload[0],
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

        destination[0] = PingEnabled;
        return length;
    }
}
