namespace RovDsp.Bridge.Connection;

/// <summary>An <see cref="MqttLink"/> could not make its first connection; <see cref="Failure"/> says why (null when
/// no attempt had failed yet, e.g. the first attempt was still under way).</summary>
public sealed class MqttLinkException : IOException
{
    /// <summary>Creates the exception.</summary>
    public MqttLinkException(string message, LinkFailure? failure)
        : base(failure is null ? message : $"{message}: {failure}")
    {
        Failure = failure;
    }

    /// <summary>Creates the exception.</summary>
    public MqttLinkException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public MqttLinkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MqttLinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why the last attempt failed.</summary>
    public LinkFailure? Failure { get; }

    /// <summary>The exit code for this failure (<see cref="LinkExitCodes"/>).</summary>
    public int ExitCode => LinkExitCodes.For(Failure);
}
