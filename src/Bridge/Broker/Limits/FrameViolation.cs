namespace RovDsp.Bridge.Broker.Limits;

/// <summary>Why <see cref="MqttFrameGuard"/> stopped a connection's byte stream.</summary>
public enum FrameViolation
{
    /// <summary>Nothing wrong so far.</summary>
    None,

    /// <summary>A fixed header declared a remaining length above the maximum packet size.</summary>
    PacketTooLarge,

    /// <summary>A remaining length longer than the four bytes MQTT allows.</summary>
    MalformedLength,

    /// <summary>Packet type 0, which MQTT reserves.</summary>
    ReservedPacketType,

    /// <summary>The first packet of the connection was not CONNECT.</summary>
    NotConnectFirst,

    /// <summary>A WebSocket text message where MQTT over WebSocket sends only binary ones (MQTT 3.1.1 and 5, §6).</summary>
    NotBinary,
}
