namespace RovDsp.Bridge.State;

/// <summary>A checkpoint payload that cannot be taken up (not JSON, another version, a missing or invalid field); the
/// message says which and why.</summary>
public sealed class CheckpointFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around its cause.</summary>
    public CheckpointFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CheckpointFormatException()
    {
    }
}
