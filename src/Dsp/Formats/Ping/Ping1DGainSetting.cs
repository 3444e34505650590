using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping1D message <c>gain_setting</c> (id 1207, get): The current gain setting.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping1d.json, little-endian: u32 gain_setting.</remarks>
public readonly record struct Ping1DGainSetting : IPingMessage
{
    /// <summary>The message id, 1207.</summary>
    public const ushort Identifier = 1207;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 4;

    /// <summary>The current gain setting. 0: 0.6, 1: 1.8, 2: 5.5, 3: 12.9, 4: 30.2, 5: 66.1, 6: 144 (<c>gain_setting</c>, u32).</summary>
    public uint GainSetting { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping1DGainSetting message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping1DGainSetting
        {
            GainSetting = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(0, 4)),
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

        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(0, 4), GainSetting);
        return length;
    }
}
