namespace RovDsp.Dsp.Formats.Oculus;

/// <summary>
/// Thrown when bytes handed to the Oculus parsers are not a valid Blueprint Oculus message (truncated, wrong
/// oculusId, sizes that point outside the message). Names the byte offset of the problem.
/// </summary>
public sealed class OculusFormatException : FormatException
{
    /// <summary>Creates the exception for a problem at <paramref name="offset"/>.</summary>
    /// <param name="offset">Byte offset, from the start of the parsed buffer, where the problem was found.</param>
    /// <param name="message">What is wrong.</param>
    public OculusFormatException(long offset, string message)
        : base($"Oculus message at byte offset {offset}: {message}")
    {
        Offset = offset;
    }

    /// <summary>Byte offset, from the start of the parsed buffer, where the problem was found.</summary>
    public long Offset { get; }
}
