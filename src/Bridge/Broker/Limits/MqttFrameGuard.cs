namespace RovDsp.Bridge.Broker.Limits;

/// <summary>
/// Follows the MQTT packet framing of one connection's incoming bytes (fixed header byte, remaining-length varint,
/// body) without keeping any of them, and flags the first byte that makes the stream unacceptable: a declared length
/// above <see cref="MaxPacketBytes"/>, a varint longer than four bytes, a reserved packet type, or a first packet
/// other than CONNECT. It sees each byte before MQTTnet's channel adapter does, so the adapter never allocates a
/// body for a length this refuses.
/// </summary>
public sealed class MqttFrameGuard
{
    private enum State
    {
        FixedHeader,
        Length,
        Body,
    }

    private State _state = State.FixedHeader;
    private int _lengthBytes;
    private long _length;
    private long _multiplier = 1;
    private long _remaining;

    /// <summary>Creates a guard for one connection.</summary>
    public MqttFrameGuard(int maxPacketBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketBytes, 0);
        MaxPacketBytes = maxPacketBytes;
    }

    /// <summary>Largest remaining length allowed.</summary>
    public int MaxPacketBytes { get; }

    /// <summary>Whether the first packet (a CONNECT) has been received whole.</summary>
    public bool ConnectReceived { get; private set; }

    /// <summary>Complete packets seen.</summary>
    public long Packets { get; private set; }

    /// <summary>The remaining length last declared (or being declared when a violation stopped it).</summary>
    public long DeclaredLength => _length;

    /// <summary>The violation that stopped the stream, or <see cref="FrameViolation.None"/>.</summary>
    public FrameViolation Violation { get; private set; }

    /// <summary>Follows <paramref name="bytes"/>; returns the first violation (and keeps returning it).</summary>
    public FrameViolation Feed(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length && Violation == FrameViolation.None)
        {
            switch (_state)
            {
                case State.FixedHeader:
                    var type = bytes[i++] >> 4;
                    if (type == 0)
                    {
                        Violation = FrameViolation.ReservedPacketType;
                    }
                    else if (Packets == 0 && type != 1)
                    {
                        Violation = FrameViolation.NotConnectFirst;
                    }

                    _state = State.Length;
                    _lengthBytes = 0;
                    _length = 0;
                    _multiplier = 1;
                    break;

                case State.Length:
                    var b = bytes[i++];
                    _lengthBytes++;
                    _length += (b & 0x7F) * _multiplier;
                    _multiplier *= 128;
                    if (_length > MaxPacketBytes)
                    {
                        // Said as soon as the partial length already exceeds it: no need to wait for the last byte.
                        Violation = FrameViolation.PacketTooLarge;
                    }
                    else if ((b & 0x80) != 0)
                    {
                        if (_lengthBytes == 4)
                        {
                            Violation = FrameViolation.MalformedLength;
                        }
                    }
                    else if (_length == 0)
                    {
                        CompletePacket();
                    }
                    else
                    {
                        _remaining = _length;
                        _state = State.Body;
                    }

                    break;

                case State.Body:
                    var take = (int)Math.Min(_remaining, bytes.Length - i);
                    i += take;
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        CompletePacket();
                    }

                    break;
            }
        }

        return Violation;
    }

    /// <summary>Refuses a WebSocket text message: MQTT over WebSocket sends only binary ones, so the connection is not
    /// speaking MQTT. Returns (and keeps returning) <see cref="FrameViolation.NotBinary"/>, or an earlier
    /// violation.</summary>
    public FrameViolation FeedText()
    {
        if (Violation == FrameViolation.None)
        {
            Violation = FrameViolation.NotBinary;
        }

        return Violation;
    }

    /// <summary>The refusal reason (as counted in <see cref="BrokerRefusals"/>) and the sentence said for
    /// <paramref name="violation"/> on this connection.</summary>
    public (string Reason, string Detail) Describe(FrameViolation violation) => violation switch
    {
        FrameViolation.PacketTooLarge => ("packet-too-large", $"a packet declared more than {MaxPacketBytes} bytes (at least {DeclaredLength}); connection closed before reading it"),
        FrameViolation.MalformedLength => ("malformed-packet", "a remaining length longer than 4 bytes; connection closed"),
        FrameViolation.ReservedPacketType => ("malformed-packet", "packet type 0 (reserved); connection closed"),
        FrameViolation.NotConnectFirst => ("malformed-packet", "the first packet was not CONNECT; connection closed"),
        FrameViolation.NotBinary => ("malformed-packet", "a WebSocket text message (MQTT over WebSocket is binary); connection closed"),
        _ => ("malformed-packet", violation.ToString()),
    };

    private void CompletePacket()
    {
        Packets++;
        ConnectReceived = true;
        _state = State.FixedHeader;
    }
}
