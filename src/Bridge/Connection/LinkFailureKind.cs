namespace RovDsp.Bridge.Connection;

/// <summary>Why an <see cref="MqttLink"/> could not connect, subscribe or publish, in the operator's terms.</summary>
public enum LinkFailureKind
{
    /// <summary>The broker cannot be reached: connection refused, no route, name not resolved, or no answer in time.</summary>
    Unreachable,

    /// <summary>The broker refused the user name or password (CONNACK BadUserNameOrPassword, or MQTT 3's
    /// "bad user name or password").</summary>
    BadCredentials,

    /// <summary>The broker refused the client, a subscription or a publish as not authorised (CONNACK, SUBACK or
    /// PUBACK NotAuthorized).</summary>
    NotAuthorized,

    /// <summary>The TLS handshake failed: the broker's certificate is not trusted, not for the server name, or the
    /// broker refused this client's certificate (or its absence).</summary>
    Tls,

    /// <summary>The broker refused the connection for another reason (its reason code is in the message).</summary>
    Refused,
}
