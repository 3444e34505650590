namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>The device answered with a Modbus exception response (function code | 0x80, then an exception code):
/// it understood the request and refused it. The connection stays usable.</summary>
public sealed class ModbusDeviceException : Exception
{
    /// <summary>Creates the exception for <paramref name="code"/> answered to <paramref name="function"/>.</summary>
    public ModbusDeviceException(byte unit, ModbusFunction function, byte code)
        : base($"unit {unit} refused function {(byte)function} with exception {code} ({Describe(code)})")
    {
        Unit = unit;
        Function = function;
        Code = code;
    }

    /// <summary>Creates an exception with a message only (for serialisers and analysers).</summary>
    public ModbusDeviceException()
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public ModbusDeviceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public ModbusDeviceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The unit id that answered.</summary>
    public byte Unit { get; }

    /// <summary>The function it refused.</summary>
    public ModbusFunction Function { get; }

    /// <summary>The Modbus exception code (1 illegal function, 2 illegal data address, 3 illegal data value, 4 device
    /// failure, 6 busy, 10/11 gateway).</summary>
    public byte Code { get; }

    /// <summary>The specification's name for an exception code.</summary>
    public static string Describe(byte code) => code switch
    {
        1 => "illegal function",
        2 => "illegal data address",
        3 => "illegal data value",
        4 => "server device failure",
        5 => "acknowledge",
        6 => "server device busy",
        8 => "memory parity error",
        10 => "gateway path unavailable",
        11 => "gateway target device failed to respond",
        _ => "unknown exception code",
    };
}
