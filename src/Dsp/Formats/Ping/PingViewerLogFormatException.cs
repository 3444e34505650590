namespace RovDsp.Dsp.Formats.Ping;

/// <summary>A Ping Viewer <c>.bin</c> log is malformed (wrong magic, unsupported version, absurd length).</summary>
public sealed class PingViewerLogFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">Byte offset in the log where the problem was found.</param>
    public PingViewerLogFormatException(string message, long offset)
        : base($"{message} (at byte offset {offset})")
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the log where the problem was found.</summary>
    public long Offset { get; }
}
