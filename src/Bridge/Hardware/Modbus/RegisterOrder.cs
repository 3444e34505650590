namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>Order of the two words of a 32-bit value, or of the two bytes inside a register. Modbus itself sends
/// each register big-endian; PLCs differ in how they split 32-bit values over two registers ("ABCD", "CDAB",
/// "BADC", "DCBA").</summary>
public enum RegisterOrder
{
    /// <summary>Most significant first (words: the lower address holds the high word; bytes: as Modbus sends them).</summary>
    Big,

    /// <summary>Least significant first (words: the lower address holds the low word; bytes: swapped in each register).</summary>
    Little,
}
