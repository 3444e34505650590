namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>What came back was not a valid answer to the request: a short frame, a bad MBAP header, a wrong unit or
/// function, or the connection closed mid-frame. The message says which.</summary>
public sealed class ModbusProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModbusProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModbusProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Whether the answer was well framed but shorter than it must be (the connection stays in step).</summary>
    public bool ShortFrame { get; init; }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ModbusProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
