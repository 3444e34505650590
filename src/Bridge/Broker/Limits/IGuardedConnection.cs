namespace RovDsp.Bridge.Broker.Limits;

/// <summary>
/// One client connection of the embedded broker as its limits see it, whichever way it came in (a TCP or TLS socket,
/// <see cref="GuardedStream"/>; the web console's MQTT over WebSocket, <see cref="GuardedWebSocket"/>): the bytes the
/// broker has written to it (what its outgoing queue has drained), and a way to close it when a limit says so.
/// </summary>
public interface IGuardedConnection
{
    /// <summary>Bytes written to the client so far.</summary>
    long BytesWritten { get; }

    /// <summary>Whether a limit closed the connection (<see cref="Abort"/>), not the broker or the client.</summary>
    bool IsAborted { get; }

    /// <summary>Whether a whole first packet (CONNECT) has arrived.</summary>
    bool ConnectSeen { get; }

    /// <summary>Whether the broker accepted this connection's CONNECT (it became an MQTT client).</summary>
    bool IsClient { get; }

    /// <summary>Marks the connection as having become an MQTT client (its CONNECT accepted).</summary>
    void MarkClient();

    /// <summary>Closes the connection at once, because a limit says so.</summary>
    void Abort();
}
