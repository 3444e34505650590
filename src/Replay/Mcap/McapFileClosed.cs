using System.Diagnostics;

namespace RovDsp.Replay.Mcap;

/// <summary>
/// The payload of <see cref="McapWriter"/>'s <c>FileClosed</c> diagnostic event (listener <see cref="ListenerName"/>):
/// one MCAP file finished, summary and footer written and flushed. Whatever watches the files a process writes (an
/// audit of every recording, a log of a campaign) subscribes through <see cref="DiagnosticListener.AllListeners"/>;
/// without a subscriber the event costs one check per file.
/// </summary>
/// <param name="Path">The file's path, when the writer wrote to a <see cref="FileStream"/>; null otherwise.</param>
/// <param name="Library">The header's library string.</param>
/// <param name="Messages">Messages written.</param>
/// <param name="Bytes">The file's length.</param>
public sealed record McapFileClosed(string? Path, string Library, ulong Messages, long Bytes)
{
    /// <summary>The name of the <see cref="DiagnosticListener"/> that raises the event.</summary>
    public const string ListenerName = "RovDsp.Replay.Mcap";

    /// <summary>The event's name.</summary>
    public const string EventName = "FileClosed";

    internal static DiagnosticListener Listener { get; } = new(ListenerName);
}
