namespace RovDsp.Bridge.Connection;

/// <summary>
/// The exit codes of rovdsp-bridge and rovdsp-replay (README, each command's --help): 0 success, 1 a failure while
/// running (file, disk, broker unreachable), 2 a usage or settings error found before anything runs, 3 the broker
/// refused the credentials or authorisation (connect, subscribe or publish), 4 a TLS failure (certificate not
/// trusted, wrong server name, client certificate refused). Authentication and TLS have their own codes because a
/// supervisor retrying a run can tell "fix the configuration" from "try again later".
/// </summary>
public static class LinkExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>A failure while running.</summary>
    public const int RuntimeFailure = 1;

    /// <summary>A usage or settings error (reported before anything connects).</summary>
    public const int Usage = 2;

    /// <summary>The broker refused the credentials or authorisation.</summary>
    public const int Authentication = 3;

    /// <summary>TLS failed.</summary>
    public const int Tls = 4;

    /// <summary>The one-line text for --help.</summary>
    public const string HelpText =
        "Exit codes: 0 success, 1 runtime failure (I/O, broker unreachable), 2 usage or settings error, 3 broker refused credentials or authorisation, 4 TLS failure.";

    /// <summary>The exit code for <paramref name="failure"/>.</summary>
    public static int For(LinkFailure? failure) => failure?.Kind switch
    {
        null => RuntimeFailure,
        LinkFailureKind.BadCredentials or LinkFailureKind.NotAuthorized => Authentication,
        LinkFailureKind.Tls => Tls,
        _ => RuntimeFailure,
    };
}
