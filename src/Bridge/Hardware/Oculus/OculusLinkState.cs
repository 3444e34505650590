namespace RovDsp.Bridge.Hardware.Oculus;

/// <summary>Where the bridge's link to an Oculus sonar stands.</summary>
public enum OculusLinkState
{
    /// <summary>Listening for the sonar's UDP status broadcasts to learn its address.</summary>
    Discovering,

    /// <summary>Opening the TCP connection.</summary>
    Connecting,

    /// <summary>Connected and fired; pings arrive.</summary>
    Connected,

    /// <summary>The connection failed or was dropped, or the sonar stopped answering; a reconnection follows after a back-off.</summary>
    Lost,
}
