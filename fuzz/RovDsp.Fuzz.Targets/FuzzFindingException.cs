namespace RovDsp.Fuzz.Targets;

/// <summary>An invariant a target checks was broken (for example, a decoded value did not survive encode → decode).
/// Thrown so the fuzzer records the input as a crash.</summary>
public sealed class FuzzFindingException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public FuzzFindingException() { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public FuzzFindingException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public FuzzFindingException(string message, Exception innerException) : base(message, innerException) { }
}
