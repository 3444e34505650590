using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping360 message <c>auto_transmit</c> (id 2602, control): **NEW (v1.1.0)** Extended `transducer` message with auto-scan function. The sonar will automatically scan the region between `start_angle` and `end_angle` and send `auto_device_data` messages as soon as new data is available. Send a line break to stop scanning (and also begin the autobaudrate procedure). Alternatively, a `motor_off` message may be sent (but retries might be necessary on the half-duplex RS485 interface).
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping360.json, little-endian: u8 mode, u8 gain_setting, u16 transmit_duration, u16 sample_period, u16 transmit_frequency, u16 number_of_samples, u16 start_angle, u16 stop_angle, u8 num_steps, u8 delay.</remarks>
public readonly record struct Ping360AutoTransmit : IPingMessage
{
    /// <summary>The message id, 2602.</summary>
    public const ushort Identifier = 2602;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 16;

    /// <summary>Operating mode (1 for Ping360) (<c>mode</c>, u8).</summary>
    public byte Mode { get; init; }

    /// <summary>Analog gain setting (0 = low, 1 = normal, 2 = high) (<c>gain_setting</c>, u8).</summary>
    public byte GainSetting { get; init; }

    /// <summary>Acoustic transmission duration (1~1000 us) (<c>transmit_duration</c>, u16).</summary>
    public ushort TransmitDuration { get; init; }

    /// <summary>Time interval between individual signal intensity samples in 25 ns increments (80 to 40000 == 2 to 1000 us) (<c>sample_period</c>, u16).</summary>
    public ushort SamplePeriod { get; init; }

    /// <summary>Acoustic operating frequency (500~1000 kHz). It is only practical to use say 650 to 850 kHz due to the narrow bandwidth of the acoustic receiver. (<c>transmit_frequency</c>, u16).</summary>
    public ushort TransmitFrequency { get; init; }

    /// <summary>Number of samples per reflected signal (supported values: 200~1200) (<c>number_of_samples</c>, u16).</summary>
    public ushort NumberOfSamples { get; init; }

    /// <summary>Head angle to begin scan sector for autoscan (0~399 = 0~360 degrees). (<c>start_angle</c>, u16).</summary>
    public ushort StartAngle { get; init; }

    /// <summary>Head angle to end scan sector for autoscan (0~399 = 0~360 degrees). (<c>stop_angle</c>, u16).</summary>
    public ushort StopAngle { get; init; }

    /// <summary>Number of 0.9 degree motor steps between pings for auto scan (1~10 = 0.9~9.0 degrees) (<c>num_steps</c>, u8).</summary>
    public byte NumSteps { get; init; }

    /// <summary>An additional delay between successive transmit pulses (0~100 ms). This may be necessary for some programs to avoid collisions on the RS485 USRT. (<c>delay</c>, u8).</summary>
    public byte Delay { get; init; }

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping360AutoTransmit message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping360AutoTransmit
        {
            Mode = payload[0],
            GainSetting = payload[1],
            TransmitDuration = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(2, 2)),
            SamplePeriod = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(4, 2)),
            TransmitFrequency = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(6, 2)),
            NumberOfSamples = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(8, 2)),
            StartAngle = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(10, 2)),
            StopAngle = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(12, 2)),
            NumSteps = payload[14],
            Delay = payload[15],
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
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(2, 2), TransmitDuration);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4, 2), SamplePeriod);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(6, 2), TransmitFrequency);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(8, 2), NumberOfSamples);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(10, 2), StartAngle);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(12, 2), StopAngle);
        destination[14] = NumSteps;
        destination[15] = Delay;
        return length;
    }
}
