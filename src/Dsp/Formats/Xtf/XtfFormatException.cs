namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>
/// Thrown when bytes handed to the XTF parsers are not a valid eXtended Triton Format stream
/// (truncated, wrong magic, lengths that point outside the buffer). Names the byte offset of the problem.
/// </summary>
public sealed class XtfFormatException : FormatException
{
    /// <summary>Creates the exception for a problem at <paramref name="offset"/>.</summary>
    /// <param name="offset">Byte offset, from the start of the parsed buffer, where the problem was found.</param>
    /// <param name="message">What is wrong.</param>
    public XtfFormatException(long offset, string message)
        : base($"XTF at byte offset {offset}: {message}")
    {
        Offset = offset;
    }

    /// <summary>Byte offset, from the start of the parsed buffer, where the problem was found.</summary>
    public long Offset { get; }
}
