using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace RovDsp.Dsp.Wire;

/// <summary>Writes a wire body field by field, little-endian, into a span sized beforehand by the codec.</summary>
public ref struct WireBodyWriter
{
    private readonly Span<byte> _destination;
    private int _position;

    /// <summary>Starts writing at the beginning of <paramref name="destination"/>.</summary>
    public WireBodyWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Written => _position;

    /// <summary>Writes one byte.</summary>
    public void U8(byte value) => _destination[_position++] = value;

    /// <summary>Writes a u16.</summary>
    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_destination[_position..], value);
        _position += 2;
    }

    /// <summary>Writes an i32.</summary>
    public void I32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_destination[_position..], value);
        _position += 4;
    }

    /// <summary>Writes an f32.</summary>
    public void F32(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_destination[_position..], value);
        _position += 4;
    }

    /// <summary>Writes an f64.</summary>
    public void F64(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_destination[_position..], value);
        _position += 8;
    }

    /// <summary>Writes raw bytes.</summary>
    public void Bytes(ReadOnlySpan<byte> values)
    {
        values.CopyTo(_destination[_position..]);
        _position += values.Length;
    }

    /// <summary>Writes an array of f32 (a block copy on little-endian machines).</summary>
    public void F32Array(ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            Bytes(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (var v in values)
        {
            F32(v);
        }
    }
}
