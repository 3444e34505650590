namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping360 message <c>motor_off</c> (id 2903, control): The sonar switches the current through the stepper motor windings off to save power. The sonar will send an ack message in response. The command timeout should be set to 50 msec. If the sonar is idle (not scanning) for more than 30 seconds then the motor current will automatically turn off. When the user sends any command that involves moving the transducer then the motor current is automatically re-enabled.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping360.json, little-endian: empty.</remarks>
public readonly record struct Ping360MotorOff : IPingMessage
{
    /// <summary>The message id, 2903.</summary>
    public const ushort Identifier = 2903;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 0;

    /// <inheritdoc/>
    public ushort MessageId => Identifier;

    /// <inheritdoc/>
    public int PayloadLength => FixedPayloadLength;

    /// <summary>Decodes a payload; bytes beyond the defined fields are ignored.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="message">The decoded message, or default when the payload is too short.</param>
    /// <returns>False when the payload is shorter than the layout.</returns>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping360MotorOff message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = default;
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

        return length;
    }
}
