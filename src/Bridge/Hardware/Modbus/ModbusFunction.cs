namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>The Modbus function codes the client speaks (Modbus Application Protocol v1.1b3, §6).</summary>
public enum ModbusFunction : byte
{
    /// <summary>Read Holding Registers (0x03): the PLC's read/write 16-bit registers ("4x" references).</summary>
    ReadHoldingRegisters = 3,

    /// <summary>Read Input Registers (0x04): the PLC's read-only 16-bit registers ("3x" references).</summary>
    ReadInputRegisters = 4,

    /// <summary>Read/Write Multiple Registers (0x17): writes holding registers, then reads holding registers, in
    /// one transaction.</summary>
    ReadWriteMultipleRegisters = 23,
}
