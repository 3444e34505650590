using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Ping360 message <c>reset</c> (id 2600, control): Reset the sonar. The bootloader may run depending on the selection according to the `bootloader` payload field. When the bootloader runs, the external LED flashes at 5Hz. If the bootloader is not contacted within 5 seconds, it will run the current program. If there is no program, then the bootloader will wait forever for a connection. Note that if you issue a reset then you will have to close all your open comm ports and go back to issuing either a discovery message for UDP or go through the break sequence for serial comms before you can talk to the sonar again.
/// </summary>
/// <remarks>Payload layout from bluerobotics/ping-protocol src/definitions/ping360.json, little-endian: u8 bootloader, u8 reserved.</remarks>
public readonly record struct Ping360Reset : IPingMessage
{
    /// <summary>The message id, 2600.</summary>
    public const ushort Identifier = 2600;

    /// <summary>Length of the fixed part of the payload in bytes.</summary>
    public const int FixedPayloadLength = 2;

    /// <summary>0 = skip bootloader; 1 = run bootloader (<c>bootloader</c>, u8).</summary>
    public byte Bootloader { get; init; }

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
    public static bool TryRead(ReadOnlySpan<byte> payload, out Ping360Reset message)
    {
        if (payload.Length < FixedPayloadLength)
        {
            message = default;
            return false;
        }

        message = new Ping360Reset
        {
            Bootloader = payload[0],
            Reserved = payload[1],
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

        destination[0] = Bootloader;
        destination[1] = Reserved;
        return length;
    }
}
