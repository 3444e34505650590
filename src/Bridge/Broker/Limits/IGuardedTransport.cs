using System.Net;

namespace RovDsp.Bridge.Broker.Limits;

/// <summary>A way into the embedded broker whose connections are guarded (<see cref="GuardedTcpServerAdapter"/>,
/// <see cref="GuardedWebSocketServerAdapter"/>): the broker's limit hooks find a client's connection through it by the
/// remote end point MQTTnet reports for the client.</summary>
public interface IGuardedTransport
{
    /// <summary>The open connection from <paramref name="remoteEndPoint"/>, or null when it is not one of this
    /// transport's.</summary>
    IGuardedConnection? Find(EndPoint? remoteEndPoint);

    /// <summary>Connections open now.</summary>
    int OpenConnections { get; }
}
