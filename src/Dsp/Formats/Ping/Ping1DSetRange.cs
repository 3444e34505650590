using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping1D message <c>set_range</c> (id 1001, set): Set the scan range for acoustic measurements.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping1d.json, little-endian: u32 scan_start, u32 scan_length.</remarks>
public readonly record struct Ping1DSetRange : IPingMessage
{
    /// <summary>The message id, 1001.</summary>
    public const ushort Identifier = 1001;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 8;

    /// <summary>scan_start (<c>scan_start</c>, u32).</summary>
    public uint ScanStart { get; init; }

    /// <summary>The length of the scan range. Minimum 1000. (<c>scan_length</c>, u32).</summary>
    public uint ScanLength { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping1DSetRange message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping1DSetRange
        {
            ScanStart = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(0, 4)),
            ScanLength = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(4, 4)),
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

        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(0, 4), ScanStart);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(4, 4), ScanLength);
        return length;
    }
}
