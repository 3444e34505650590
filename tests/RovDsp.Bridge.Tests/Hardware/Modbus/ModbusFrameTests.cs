using RovDsp.Bridge.Hardware.Modbus;

namespace RovDsp.Bridge.Tests.Hardware.Modbus;

/// <summary>MBAP framing against the byte sequences printed in the Modbus specifications (Application Protocol
/// v1.1b3 §6.3 and §6.17; Messaging on TCP/IP v1.0b §3.1.3).</summary>
public class ModbusFrameTests
{
    [Fact]
    public void A_read_holding_registers_request_is_the_specifications_example_behind_an_MBAP_header()
    {
        // Spec §6.3: read 3 registers starting at 108 (0x006B) — PDU 03 00 6B 00 03; unit 0x11, transaction 1.
        var buffer = new byte[12];
        var n = ModbusFrame.WriteReadRequest(buffer, 1, 0x11, ModbusFunction.ReadHoldingRegisters, 0x006B, 3);
        Assert.Equal(new byte[] { 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x11, 0x03, 0x00, 0x6B, 0x00, 0x03 }, buffer[..n]);
    }

    [Fact]
    public void A_read_write_multiple_registers_request_is_the_specifications_example()
    {
        // Spec §6.17: read 6 from 0x0003, write 3 at 0x000E with 00FF 00FF 00FF.
        var buffer = new byte[64];
        var n = ModbusFrame.WriteReadWriteRequest(buffer, 0x1234, 1, 0x0003, 6, 0x000E, [0x00FF, 0x00FF, 0x00FF]);
        Assert.Equal(
            new byte[] { 0x12, 0x34, 0x00, 0x00, 0x00, 0x11, 0x01, 0x17, 0x00, 0x03, 0x00, 0x06, 0x00, 0x0E, 0x00, 0x03, 0x06, 0x00, 0xFF, 0x00, 0xFF, 0x00, 0xFF },
            buffer[..n]);
    }

    [Fact]
    public void A_read_response_gives_its_registers_and_the_specifications_values()
    {
        // Spec §6.3 response: 03 06 02 2B 00 00 00 64 → 555, 0, 100.
        byte[] frame = [0x00, 0x01, 0x00, 0x00, 0x00, 0x09, 0x11, 0x03, 0x06, 0x02, 0x2B, 0x00, 0x00, 0x00, 0x64];
        Assert.Equal(frame.Length, ModbusFrame.FrameLength(frame));
        var registers = new ushort[3];
        ModbusFrame.ReadResponse(frame, 0x11, ModbusFunction.ReadHoldingRegisters, registers);
        Assert.Equal(new ushort[] { 555, 0, 100 }, registers);
    }

    [Fact]
    public void An_exception_response_throws_with_its_code_and_name()
    {
        byte[] frame = [0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 0x01, 0x84, 0x02];
        var ex = Assert.Throws<ModbusDeviceException>(() => ModbusFrame.ReadResponse(frame, 1, ModbusFunction.ReadInputRegisters, new ushort[1]));
        Assert.Equal(2, ex.Code);
        Assert.Contains("illegal data address", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_with_fewer_registers_than_asked_is_a_short_frame()
    {
        byte[] frame = [0x00, 0x01, 0x00, 0x00, 0x00, 0x05, 0x01, 0x03, 0x02, 0x00, 0x01];
        var ex = Assert.Throws<ModbusProtocolException>(() => ModbusFrame.ReadResponse(frame, 1, ModbusFunction.ReadHoldingRegisters, new ushort[2]));
        Assert.StartsWith("short frame", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.ShortFrame);
    }

    [Fact]
    public void A_header_with_a_protocol_id_other_than_zero_is_refused_as_not_Modbus_TCP()
    {
        byte[] frame = [0x00, 0x01, 0x47, 0x45, 0x00, 0x06, 0x01];
        Assert.Throws<ModbusProtocolException>(() => ModbusFrame.FrameLength(frame));
        Assert.Equal(0, ModbusFrame.FrameLength(frame.AsSpan(0, 6)));
    }
}
