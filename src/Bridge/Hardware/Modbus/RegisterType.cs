namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>How a PLC holds a reading in its 16-bit registers.</summary>
public enum RegisterType
{
    /// <summary>One register, two's complement.</summary>
    Int16,

    /// <summary>One register, unsigned.</summary>
    UInt16,

    /// <summary>Two registers, two's complement.</summary>
    Int32,

    /// <summary>Two registers, IEEE 754 single precision.</summary>
    Float32,
}
