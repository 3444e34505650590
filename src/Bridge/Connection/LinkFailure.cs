using System.Net.Sockets;
using System.Security.Authentication;
using MQTTnet;
using MQTTnet.Exceptions;
using MqttConnectingFailedException = MQTTnet.Adapter.MqttConnectingFailedException;

namespace RovDsp.Bridge.Connection;

/// <summary>One reason an <see cref="MqttLink"/> failed, classified so a command line can say it in words and pick
/// its exit code (<see cref="LinkExitCodes"/>).</summary>
/// <param name="Kind">The class of failure.</param>
/// <param name="Message">What happened, for a person: the broker's reason code, the certificate problem, the socket
/// error.</param>
public sealed record LinkFailure(LinkFailureKind Kind, string Message)
{
    /// <summary>The failure as one line: "bad credentials: …".</summary>
    public override string ToString() => Kind switch
    {
        LinkFailureKind.BadCredentials => "bad credentials: " + Message,
        LinkFailureKind.NotAuthorized => "not authorised: " + Message,
        LinkFailureKind.Tls => "TLS failure: " + Message,
        LinkFailureKind.Unreachable => "unreachable: " + Message,
        _ => "refused: " + Message,
    };

    /// <summary>Classifies the exception of a failed connection attempt.</summary>
    /// <param name="exception">What ConnectAsync threw.</param>
    /// <param name="endpoint">The broker (for the message).</param>
    /// <param name="certificateProblem">What the certificate check refused in this attempt, or null.</param>
    /// <param name="sentClientCertificate">Whether a client certificate was offered (a broker that requires one
    /// closes the connection right after the handshake when none was).</param>
    /// <param name="timeout">The attempt's timeout (for the message when it expired).</param>
    public static LinkFailure Classify(Exception exception, BrokerEndpoint endpoint, string? certificateProblem, bool sentClientCertificate,
        TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (certificateProblem is not null)
        {
            return new LinkFailure(LinkFailureKind.Tls, certificateProblem);
        }

        if (exception is MqttLinkException { Failure: { } refused })
        {
            return refused;
        }

        // MQTTnet 5 throws this with the reason code only in its message ("... (BadUserNameOrPassword)").
        if (exception is MqttConnectingFailedException failed)
        {
            foreach (var code in Enum.GetValues<MqttClientConnectResultCode>())
            {
                if (code != MqttClientConnectResultCode.Success && failed.Message.Contains(code.ToString(), StringComparison.Ordinal))
                {
                    return FromConnectResult(code, null, endpoint);
                }
            }
        }

        if (exception is OperationCanceledException or MqttCommunicationTimedOutException or TimeoutException)
        {
            return new LinkFailure(LinkFailureKind.Unreachable, $"no answer from {endpoint} within {timeout.TotalSeconds:0.#} s");
        }

        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationException auth:
                    return new LinkFailure(LinkFailureKind.Tls, $"handshake with {endpoint} failed: {Innermost(auth)}");
                case SocketException socket:
                    return new LinkFailure(LinkFailureKind.Unreachable, $"{endpoint}: {socket.SocketErrorCode} ({socket.Message})");
            }
        }

        // With TLS, a broker that wants a client certificate (require_certificate true) completes the client's side
        // of a TLS 1.3 handshake and then closes the connection: the client only sees the connection end.
        if (endpoint.UseTls && !sentClientCertificate)
        {
            return new LinkFailure(LinkFailureKind.Tls,
                $"{endpoint} closed the TLS connection before answering CONNECT; no client certificate was offered (--cert-file/--key-file), and the broker may require one ({Innermost(exception)})");
        }

        return new LinkFailure(LinkFailureKind.Unreachable, $"{endpoint}: {Innermost(exception)}");
    }

    /// <summary>The failure a CONNACK reason code stands for.</summary>
    public static LinkFailure FromConnectResult(MqttClientConnectResultCode code, string? reasonString, BrokerEndpoint endpoint) => code switch
    {
        MqttClientConnectResultCode.BadUserNameOrPassword => new LinkFailure(LinkFailureKind.BadCredentials,
            $"{endpoint} refused the user name or password (CONNACK {code}{Reason(reasonString)})"),
        MqttClientConnectResultCode.NotAuthorized => new LinkFailure(LinkFailureKind.NotAuthorized,
            $"{endpoint} refused this client (CONNACK {code}{Reason(reasonString)})"),
        _ => new LinkFailure(LinkFailureKind.Refused, $"{endpoint} refused the connection (CONNACK {code}{Reason(reasonString)})"),
    };

    private static string Reason(string? reason) => string.IsNullOrEmpty(reason) ? string.Empty : ": " + reason;

    private static string Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return ReferenceEquals(e, exception) ? exception.Message : $"{exception.Message}; {e.Message}";
    }
}
