using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping1D message <c>profile</c> (id 1300, get): A profile produced from a single acoustic measurement. The data returned is an array of response strength at even intervals across the scan region. The scan region is defined as the region between &lt;scan_start&gt; and &lt;scan_start + scan_length&gt; millimeters away from the transducer. A distance measurement to the target is also provided.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping1d.json, little-endian: u32 distance, u16 confidence, u16 transmit_duration, u32 ping_number, u32 scan_start, u32 scan_length, u32 gain_setting, u16 profile_data_length, u8[] profile_data. The array is a view of the payload it was read from (no copy).</remarks>
public readonly ref struct Ping1DProfile : IPingMessage
{
    /// <summary>The message id, 1300.</summary>
    public const ushort Identifier = 1300;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 26;

    /// <summary>The current return distance determined for the most recent acoustic measurement. (<c>distance</c>, u32).</summary>
    public uint Distance { get; init; }

    /// <summary>Confidence in the most recent range measurement. (<c>confidence</c>, u16).</summary>
    public ushort Confidence { get; init; }

    /// <summary>The acoustic pulse length during acoustic transmission/activation. (<c>transmit_duration</c>, u16).</summary>
    public ushort TransmitDuration { get; init; }

    /// <summary>The pulse/measurement count since boot. (<c>ping_number</c>, u32).</summary>
    public uint PingNumber { get; init; }

    /// <summary>The beginning of the scan region in mm from the transducer. (<c>scan_start</c>, u32).</summary>
    public uint ScanStart { get; init; }

    /// <summary>The length of the scan region. (<c>scan_length</c>, u32).</summary>
    public uint ScanLength { get; init; }

    /// <summary>The current gain setting. 0: 0.6, 1: 1.8, 2: 5.5, 3: 12.9, 4: 30.2, 5: 66.1, 6: 144 (<c>gain_setting</c>, u32).</summary>
    public uint GainSetting { get; init; }

    /// <summary>An array of return strength measurements taken at regular intervals across the scan region. The first element is the closest measurement to the sensor, and the last element is the farthest measurement in the scanned range. (<c>profile_data</c>, u8 array, u16-length-prefixed).</summary>
    public ReadOnlySpan<byte> ProfileData { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength + ProfileData.Length;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout or its array length prefix.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping1DProfile message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(24, 2));
        if (payload.Length < FixedPayloadLength + count)
        {
            message = default;
            return false;
        }

        message = new Ping1DProfile
        {
            Distance = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(0, 4)),
            Confidence = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(4, 2)),
            TransmitDuration = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(6, 2)),
            PingNumber = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(8, 4)),
            ScanStart = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(12, 4)),
            ScanLength = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(16, 4)),
            GainSetting = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(20, 4)),
            ProfileData = payload.Slice(FixedPayloadLength, count),
        };
        return true;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="PayloadLength"/> or the array exceeds 65535 bytes.</exception>
    public int WritePayload(Span<byte> destination)
    {
        if (ProfileData.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"{nameof(ProfileData)} holds {ProfileData.Length} bytes; its u16 length prefix allows 65535.", nameof(destination));
        }

        int length = PayloadLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes, the payload needs {length}.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(0, 4), Distance);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4, 2), Confidence);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(6, 2), TransmitDuration);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(8, 4), PingNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(12, 4), ScanStart);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(16, 4), ScanLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(20, 4), GainSetting);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(24, 2), (ushort)ProfileData.Length);
        ProfileData.CopyTo(destination.Slice(FixedPayloadLength));
        return length;
    }
}
