using System.Buffers.Binary;

namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>
/// Modbus TCP framing (Modbus Messaging on TCP/IP Implementation Guide v1.0b, §3.1.3): the 7-byte MBAP header
/// (transaction id, protocol id 0, length of what follows, unit id), big-endian, then the PDU (function code and
/// data). Requests are written here; responses are checked here.
/// </summary>
public static class ModbusFrame
{
    /// <summary>MBAP header length, unit id included.</summary>
    public const int HeaderLength = 7;

    /// <summary>Largest PDU (the specification's 253 bytes).</summary>
    public const int MaxPduLength = 253;

    /// <summary>Largest frame on the wire.</summary>
    public const int MaxFrameLength = HeaderLength + MaxPduLength - 1 + 1;

    /// <summary>Most registers one read may ask for (functions 3, 4 and the read half of 23).</summary>
    public const int MaxReadCount = 125;

    /// <summary>Most registers the write half of function 23 may carry.</summary>
    public const int MaxWriteCount = 121;

    /// <summary>Writes a function 3 or 4 request; returns its length.</summary>
    public static int WriteReadRequest(Span<byte> destination, ushort transaction, byte unit, ModbusFunction function, ushort address, ushort count)
    {
        if (function is not (ModbusFunction.ReadHoldingRegisters or ModbusFunction.ReadInputRegisters))
        {
            throw new ArgumentOutOfRangeException(nameof(function), function, "a plain read is function 3 or 4");
        }

        CheckCount(count, MaxReadCount, nameof(count));
        WriteHeader(destination, transaction, unit, 6);
        destination[7] = (byte)function;
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], address);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], count);
        return 12;
    }

    /// <summary>Writes a function 23 request (write <paramref name="values"/> at <paramref name="writeAddress"/>,
    /// then read <paramref name="readCount"/> registers at <paramref name="readAddress"/>); returns its length.</summary>
    public static int WriteReadWriteRequest(Span<byte> destination, ushort transaction, byte unit, ushort readAddress, ushort readCount,
        ushort writeAddress, ReadOnlySpan<ushort> values)
    {
        CheckCount(readCount, MaxReadCount, nameof(readCount));
        CheckCount(values.Length, MaxWriteCount, nameof(values));
        var pdu = 10 + 2 * values.Length;
        WriteHeader(destination, transaction, unit, (ushort)(pdu + 1));
        destination[7] = (byte)ModbusFunction.ReadWriteMultipleRegisters;
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], readAddress);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], readCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], writeAddress);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)values.Length);
        destination[16] = (byte)(2 * values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(17 + 2 * i)..], values[i]);
        }

        return HeaderLength + pdu;
    }

    /// <summary>How long the frame starting <paramref name="buffer"/> is, once its header is in: 0 while fewer than
    /// 7 bytes are there. Throws <see cref="ModbusProtocolException"/> when the header cannot be Modbus TCP (protocol
    /// id not 0, or a length outside 2–254): on a byte stream that means the framing is lost.</summary>
    public static int FrameLength(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < HeaderLength)
        {
            return 0;
        }

        var protocol = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(buffer[4..]);
        if (protocol != 0)
        {
            throw new ModbusProtocolException($"MBAP protocol id {protocol}, not 0: this is not Modbus TCP");
        }

        if (length is < 2 or > MaxPduLength + 1)
        {
            throw new ModbusProtocolException($"MBAP length {length} is outside 2–254");
        }

        return 6 + length;
    }

    /// <summary>The transaction id of a frame.</summary>
    public static ushort Transaction(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt16BigEndian(frame);

    /// <summary>
    /// Checks a whole response <paramref name="frame"/> against its request and copies its registers into
    /// <paramref name="registers"/>. Throws <see cref="ModbusDeviceException"/> for an exception response and
    /// <see cref="ModbusProtocolException"/> for a frame that is short or answers something else.
    /// </summary>
    public static void ReadResponse(ReadOnlySpan<byte> frame, byte unit, ModbusFunction function, Span<ushort> registers)
    {
        if (frame.Length < HeaderLength + 1)
        {
            throw new ModbusProtocolException($"short frame: {frame.Length} bytes, no function code") { ShortFrame = true };
        }

        if (frame[6] != unit)
        {
            throw new ModbusProtocolException($"answer from unit {frame[6]}, asked unit {unit}");
        }

        var fc = frame[7];
        if (fc == ((byte)function | 0x80))
        {
            if (frame.Length < HeaderLength + 2)
            {
                throw new ModbusProtocolException("short frame: exception response without its code") { ShortFrame = true };
            }

            throw new ModbusDeviceException(unit, function, frame[8]);
        }

        if (fc != (byte)function)
        {
            throw new ModbusProtocolException($"answer to function {fc}, asked function {(byte)function}");
        }

        var expected = 2 * registers.Length;
        if (frame.Length < HeaderLength + 2 || frame[8] != expected || frame.Length != HeaderLength + 2 + expected)
        {
            var count = frame.Length >= HeaderLength + 2 ? frame[8] : -1;
            throw new ModbusProtocolException(
                $"short frame: {frame.Length} bytes with byte count {count}, expected {HeaderLength + 2 + expected} bytes with byte count {expected}") { ShortFrame = true };
        }

        for (var i = 0; i < registers.Length; i++)
        {
            registers[i] = BinaryPrimitives.ReadUInt16BigEndian(frame[(9 + 2 * i)..]);
        }
    }

    private static void WriteHeader(Span<byte> destination, ushort transaction, byte unit, ushort length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, transaction);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], length);
        destination[6] = unit;
    }

    private static void CheckCount(int count, int max, string name)
    {
        if (count < 1 || count > max)
        {
            throw new ArgumentOutOfRangeException(name, count, $"must be 1–{max} registers");
        }
    }
}
