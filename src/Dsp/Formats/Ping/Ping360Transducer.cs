using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping360 message <c>transducer</c> (id 2601, control): The transducer will apply the commanded settings. The sonar will reply with a `device_data` message. If the `transmit` field is 0, the sonar will not transmit after locating the transducer, and the `data` field in the `device_data` message reply will be empty. If the `transmit` field is 1, the sonar will make an acoustic transmission after locating the transducer, and the resulting data will be uploaded in the `data` field of the `device_data` message reply. To allow for the worst case response time the command timeout should be set to 4000 msec.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping360.json, little-endian: u8 mode, u8 gain_setting, u16 angle, u16 transmit_duration, u16 sample_period, u16 transmit_frequency, u16 number_of_samples, u8 transmit, u8 reserved.</remarks>
public readonly record struct Ping360Transducer : IPingMessage
{
    /// <summary>The message id, 2601.</summary>
    public const ushort Identifier = 2601;

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

    /// <summary>0 = do not transmit; 1 = transmit after the transducer has reached the specified angle (<c>transmit</c>, u8).</summary>
    public byte Transmit { get; init; }

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
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping360Transducer message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping360Transducer
        {
            Mode = payload[0],
            GainSetting = payload[1],
            Angle = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(2, 2)),
            TransmitDuration = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(4, 2)),
            SamplePeriod = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(6, 2)),
            TransmitFrequency = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(8, 2)),
            NumberOfSamples = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(10, 2)),
            Transmit = payload[12],
            Reserved = payload[13],
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

        destination[0] = Mode;
        destination[1] = GainSetting;
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(2, 2), Angle);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4, 2), TransmitDuration);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(6, 2), SamplePeriod);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(8, 2), TransmitFrequency);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(10, 2), NumberOfSamples);
        destination[12] = Transmit;
        destination[13] = Reserved;
        return length;
    }
}
