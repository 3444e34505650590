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
    /// <param name="serverCertificateAccepted">Whether this attempt got as far as accepting the broker's certificate
    /// (so a connection that ends after it ended in or right after the TLS handshake).</param>
    /// <param name="timeout">The attempt's timeout (for the message when it expired).</param>
    public static LinkFailure Classify(Exception exception, BrokerEndpoint endpoint, string? certificateProblem, bool sentClientCertificate,
        bool serverCertificateAccepted, TimeSpan timeout)
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
            if (e is AuthenticationException auth)
            {
                return new LinkFailure(LinkFailureKind.Tls, $"handshake with {endpoint} failed: {Innermost(auth)}");
            }
        }

        // A broker that wants a client certificate (require_certificate true) lets the client finish its side of a
        // TLS 1.3 handshake and then closes the connection: the client sees only the connection end (a socket error).
        if (endpoint.UseTls && serverCertificateAccepted)
        {
            return new LinkFailure(LinkFailureKind.Tls, sentClientCertificate
                ? $"{endpoint} closed the connection after the TLS handshake: it may not accept this client certificate ({Innermost(exception)})"
                : $"{endpoint} closed the connection after the TLS handshake; no client certificate was offered (--cert-file/--key-file) and the broker may require one ({Innermost(exception)})");
        }

        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return new LinkFailure(LinkFailureKind.Unreachable, $"{endpoint}: {socket.SocketErrorCode} ({socket.Message})");
            }
        }

        return new LinkFailure(LinkFailureKind.Unreachable, $"{endpoint}: {Innermost(exception)}");
    }

    /// <summary>The failure a CONNACK reason code stands for.</summary>
    public static LinkFailure FromConnectResult(MqttClientConnectResultCode code, string? reasonString, BrokerEndpoint endpoint) => code switch
    {
        MqttClientConnectResultCode.BadUserNameOrPassword => new LinkFailure(LinkFailureKind.BadCredentials,
            $"{endpoint} refused the user name or password (CONNACK {code}{Reason(reasonString)})"),
        // mosquitto 2.0 answers a wrong password with NotAuthorized too, so both causes are named.
        MqttClientConnectResultCode.NotAuthorized => new LinkFailure(LinkFailureKind.NotAuthorized,
            $"{endpoint} refused this client: wrong user name or password, or the user may not connect (CONNACK {code}{Reason(reasonString)})"),
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
