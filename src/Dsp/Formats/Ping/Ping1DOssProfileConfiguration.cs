using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping1D message <c>oss_profile_configuration</c> (id 1301, get): Get the profile output configuration. (Open source firmware only)
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping1d.json, little-endian: u16 number_of_points, u8 normalization_enabled, u8 enhance_enabled.</remarks>
public readonly record struct Ping1DOssProfileConfiguration : IPingMessage
{
    /// <summary>The message id, 1301.</summary>
    public const ushort Identifier = 1301;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 4;

    /// <summary>number_of_points (<c>number_of_points</c>, u16).</summary>
    public ushort NumberOfPoints { get; init; }

    /// <summary>If enabled, the profile data is scaled so that the maximum value aligns with the upper limit of 255. (0: Disabled, 1: Enabled) (<c>normalization_enabled</c>, u8).</summary>
    public byte NormalizationEnabled { get; init; }

    /// <summary>If enabled, the profile data will be unevenly scaled to enhance peak values. (0: Disabled, 1: Enabled) (<c>enhance_enabled</c>, u8).</summary>
    public byte EnhanceEnabled { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping1DOssProfileConfiguration message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping1DOssProfileConfiguration
        {
            NumberOfPoints = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(0, 2)),
            NormalizationEnabled = payload[2],
            EnhanceEnabled = payload[3],
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

        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(0, 2), NumberOfPoints);
        destination[2] = NormalizationEnabled;
        destination[3] = EnhanceEnabled;
        return length;
    }
}
