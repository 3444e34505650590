using RovDsp.Bridge.Hardware.Modbus;

namespace RovDsp.Bridge.Tests.Hardware.Modbus;

/// <summary>Each way a PLC link goes wrong is counted under its own name, said in <see cref="ModbusTcpClient.LastError"/>,
/// and the next request works again.</summary>
public class ModbusTcpClientFaultTests
{
    private static async Task<ushort> Read(ModbusTcpClient client)
    {
        var registers = new ushort[1];
        await client.ReadAsync(1, ModbusFunction.ReadHoldingRegisters, 0, registers, CancellationToken.None);
        return registers[0];
    }

    [Fact]
    public async Task An_exception_response_is_counted_and_the_connection_stays_up()
    {
        await using var plc = new ScriptedPlc(async (i, tid, s) =>
        {
            await s.WriteAsync(i == 0 ? new byte[] { (byte)(tid >> 8), (byte)tid, 0, 0, 0, 3, 1, 0x83, 4 } : ScriptedPlc.Answer(tid, 42));
            return true;
        });
        await using var client = new ModbusTcpClient("127.0.0.1", plc.Port, TimeSpan.FromSeconds(2));
        var ex = await Assert.ThrowsAsync<ModbusDeviceException>(() => Read(client));
        Assert.Equal(4, ex.Code);
        Assert.Equal(42, await Read(client));
        Assert.Equal((1L, 1L, 1L), (client.DeviceExceptions, client.Connects, client.Responses));
        Assert.Contains("server device failure", client.LastError, StringComparison.Ordinal);
        Assert.Equal([((byte)4, 1L)], client.DeviceExceptionsByCode().ToArray());
    }

    [Fact]
    public async Task A_late_answer_counts_a_timeout_then_a_wrong_transaction_id_and_the_next_answer_is_still_read()
    {
        byte[]? late = null;
        await using var plc = new ScriptedPlc(async (i, tid, s) =>
        {
            if (i == 0)
            {
                late = ScriptedPlc.Answer(tid, 1); // held back past the client's timeout
                return true;
            }

            await s.WriteAsync(late!);
            await s.WriteAsync(ScriptedPlc.Answer(tid, 2));
            return true;
        });
        await using var client = new ModbusTcpClient("127.0.0.1", plc.Port, TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAsync<TimeoutException>(() => Read(client));
        Assert.Equal(2, await Read(client));
        Assert.Equal((1L, 1L, 1L), (client.Timeouts, client.WrongTransactions, client.Connects));
    }

    [Fact]
    public async Task A_short_answer_is_counted_as_a_short_frame_and_the_connection_stays_up()
    {
        await using var plc = new ScriptedPlc(async (i, tid, s) =>
        {
            // Byte count 2 but only one byte of data: the MBAP length (4) frames it, the PDU is short.
            await s.WriteAsync(i == 0 ? new byte[] { (byte)(tid >> 8), (byte)tid, 0, 0, 0, 4, 1, 3, 2, 0 } : ScriptedPlc.Answer(tid, 7));
            return true;
        });
        await using var client = new ModbusTcpClient("127.0.0.1", plc.Port, TimeSpan.FromSeconds(2));
        await Assert.ThrowsAsync<ModbusProtocolException>(() => Read(client));
        Assert.Equal(7, await Read(client));
        Assert.Equal((1L, 1L, 0L), (client.ShortFrames, client.Connects, client.Disconnects));
    }

    [Fact]
    public async Task Half_a_frame_then_a_closed_connection_is_a_short_frame_and_the_next_request_reconnects()
    {
        await using var plc = new ScriptedPlc(async (i, tid, s) =>
        {
            if (i == 0)
            {
                await s.WriteAsync(ScriptedPlc.Answer(tid, 9).AsMemory(0, 8));
                return false;
            }

            await s.WriteAsync(ScriptedPlc.Answer(tid, 9));
            return true;
        });
        await using var client = new ModbusTcpClient("127.0.0.1", plc.Port, TimeSpan.FromSeconds(2));
        var ex = await Assert.ThrowsAsync<IOException>(() => Read(client));
        Assert.Contains("8 bytes into a frame", ex.Message, StringComparison.Ordinal);
        Assert.Equal(9, await Read(client));
        Assert.Equal((1L, 1L, 2L), (client.ShortFrames, client.Disconnects, client.Connects));
    }

    [Fact]
    public async Task Garbage_that_is_not_Modbus_TCP_is_a_bad_frame_and_the_client_reconnects()
    {
        await using var plc = new ScriptedPlc(async (i, tid, s) =>
        {
            await s.WriteAsync(i == 0 ? "HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray() : ScriptedPlc.Answer(tid, 5));
            return true;
        });
        await using var client = new ModbusTcpClient("127.0.0.1", plc.Port, TimeSpan.FromSeconds(2));
        var ex = await Assert.ThrowsAsync<ModbusProtocolException>(() => Read(client));
        Assert.Contains("not Modbus TCP", ex.Message, StringComparison.Ordinal);
        Assert.Equal(5, await Read(client));
        Assert.Equal((1L, 1L, 2L), (client.BadFrames, client.Disconnects, client.Connects));
    }

    [Fact]
    public async Task A_refused_connection_is_an_IO_error_that_names_the_PLC()
    {
        int port;
        await using (var plc = new ScriptedPlc((_, _, _) => Task.FromResult(false)))
        {
            port = plc.Port;
        }

        await using var client = new ModbusTcpClient("127.0.0.1", port, TimeSpan.FromSeconds(2));
        var ex = await Assert.ThrowsAsync<IOException>(() => Read(client));
        Assert.Contains($"modbus://127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.False(client.Connected);
    }
}
