using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping360 message <c>device_data</c> (id 2300, get): This message is used to communicate the current sonar state. If the data field is populated, the other fields indicate the sonar state when the data was captured. The time taken before the response to the command is sent depends on the difference between the last angle scanned and the new angle in the parameters as well as the number of samples and sample interval (range). To allow for the worst case reponse time the command timeout should be set to 4000 msec.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping360.json, little-endian: u8 mode, u8 gain_setting, u16 angle, u16 transmit_duration, u16 sample_period, u16 transmit_frequency, u16 number_of_samples, u16 data_length, u8[] data. The array is a view of the payload it was read from (no copy).</remarks>
public readonly ref struct Ping360DeviceData : IPingMessage
{
    /// <summary>The message id, 2300.</summary>
    public const ushort Identifier = 2300;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 14;

    /// <summary>Operating mode (1 for Ping360) (<c>mode</c>, u8).</summary>
    public byte Mode { get; init; }

    /// <summary>Analog gain setting (0 = low, 1 = normal, 2 = high) (<c>gain_setting</c>, u8).</summary>
    public byte GainSetting { get; init; }

    /// <summary>Head angle (<c>angle</c>, u16).</summary>
    public ushort Angle { get; init; }

    /// <summary>Acoustic transmission duration (1~1000 us) (<c>transmit_duration</c>, u16).</summary>
    public ushort TransmitDuration { get; init; }

    /// <summary>Time interval between individual signal intensity samples in 25 ns increments (80 to 40000 == 2 to 1000 us) (<c>sample_period</c>, u16).</summary>
    public ushort SamplePeriod { get; init; }

    /// <summary>Acoustic operating frequency (500~1000 kHz). It is only practical to use say 650 to 850 kHz due to the narrow bandwidth of the acoustic receiver. (<c>transmit_frequency</c>, u16).</summary>
    public ushort TransmitFrequency { get; init; }

    /// <summary>Number of samples per reflected signal (supported values: 200~1200) (<c>number_of_samples</c>, u16).</summary>
    public ushort NumberOfSamples { get; init; }

    /// <summary>An array of return strength measurements taken at regular intervals across the scan region. The first element is the closest measurement to the sensor, and the last element is the farthest measurement in the scanned range. (<c>data</c>, u8 array, u16-length-prefixed).</summary>
    public ReadOnlySpan<byte> Data { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength + Data.Length;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout or its array length prefix.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping360DeviceData message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(12, 2));
        if (payload.Length < FixedPayloadLength + count)
        {
            message = default;
            return false;
        }

        message = new Ping360DeviceData
        {
            Mode = payload[0],
            GainSetting = payload[1],
            Angle = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(2, 2)),
            TransmitDuration = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(4, 2)),
            SamplePeriod = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(6, 2)),
            TransmitFrequency = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(8, 2)),
            NumberOfSamples = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(10, 2)),
            Data = payload.Slice(FixedPayloadLength, count),
        };
        return true;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="PayloadLength"/> or the array exceeds 65535 bytes.</exception>
    public int WritePayload(Span<byte> destination)
    {
        if (Data.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"{nameof(Data)} holds {Data.Length} bytes; its u16 length prefix allows 65535.", nameof(destination));
        }

        int length = PayloadLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes, the payload needs {length}.", nameof(destination));
        }

        destination[0] = Mode;
        destination[1] = GainSetting;
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(2, 2), Angle);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4, 2), TransmitDuration);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(6, 2), SamplePeriod);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(8, 2), TransmitFrequency);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(10, 2), NumberOfSamples);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(12, 2), (ushort)Data.Length);
        Data.CopyTo(destination.Slice(FixedPayloadLength));
        return length;
    }
}
