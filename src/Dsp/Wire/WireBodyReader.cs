using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace RovDsp.Dsp.Wire;

/// <summary>Reads a wire body field by field, little-endian; every read is bounds-checked and returns false
/// when the body is too short, so a truncated payload is a counted error, never an exception.</summary>
public ref struct WireBodyReader
{
    private readonly ReadOnlySpan<byte> _body;
    private int _position;

    /// <summary>Starts reading at the beginning of <paramref name="body"/>.</summary>
    public WireBodyReader(ReadOnlySpan<byte> body)
    {
        _body = body;
        _position = 0;
    }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _body.Length - _position;

    /// <summary>Reads one byte.</summary>
    public bool U8(out byte value)
    {
        if (Remaining < 1)
        {
            value = 0;
            return false;
        }

        value = _body[_position++];
        return true;
    }

    /// <summary>Reads a u16.</summary>
    public bool U16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16LittleEndian(_body[_position..]);
        _position += 2;
        return true;
    }

    /// <summary>Reads an i32.</summary>
    public bool I32(out int value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadInt32LittleEndian(_body[_position..]);
        _position += 4;
        return true;
    }

    /// <summary>Reads an f32.</summary>
    public bool F32(out float value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadSingleLittleEndian(_body[_position..]);
        _position += 4;
        return true;
    }

    /// <summary>Reads an f64.</summary>
    public bool F64(out double value)
    {
        if (Remaining < 8)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadDoubleLittleEndian(_body[_position..]);
        _position += 8;
        return true;
    }

    /// <summary>Reads <paramref name="destination"/>.Length raw bytes.</summary>
    public bool Bytes(Span<byte> destination)
    {
        if (Remaining < destination.Length)
        {
            return false;
        }

        _body.Slice(_position, destination.Length).CopyTo(destination);
        _position += destination.Length;
        return true;
    }

    /// <summary>Reads <paramref name="destination"/>.Length f32 values.</summary>
    public bool F32Array(Span<float> destination)
    {
        var bytes = destination.Length * sizeof(float);
        if (Remaining < bytes)
        {
            return false;
        }

        if (BitConverter.IsLittleEndian)
        {
            _body.Slice(_position, bytes).CopyTo(MemoryMarshal.AsBytes(destination));
        }
        else
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = BinaryPrimitives.ReadSingleLittleEndian(_body[(_position + 4 * i)..]);
            }
        }

        _position += bytes;
        return true;
    }
}
