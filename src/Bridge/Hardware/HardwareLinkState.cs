namespace RovDsp.Bridge.Hardware;

/// <summary>Where a device link the bridge drives stands (in the bridge's <c>status</c> and <c>metrics</c>).</summary>
public enum HardwareLinkState
{
    /// <summary>Not tried yet.</summary>
    Connecting,

    /// <summary>The device answers.</summary>
    Connected,

    /// <summary>The device did not answer the last time it was asked (the reason says why); the link keeps trying.</summary>
    Lost,

    /// <summary>Listening for the device to announce itself (the Oculus sonar's UDP status broadcasts); appended so the
    /// older values keep their numbers.</summary>
    Discovering,
}
