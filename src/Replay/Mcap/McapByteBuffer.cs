using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace RovDsp.Replay.Mcap;

/// <summary>
/// Growable little-endian byte buffer reused across records and chunks: cleared, never shrunk, so steady-state
/// writing allocates nothing beyond amortized growth. Also an <see cref="IBufferWriter{T}"/> for the codecs.
/// </summary>
internal sealed class McapByteBuffer : IBufferWriter<byte>
{
    private byte[] _buffer;

    /// <summary>Creates a buffer with <paramref name="capacity"/> bytes preallocated.</summary>
    public McapByteBuffer(int capacity) => _buffer = new byte[Math.Max(capacity, 64)];

    /// <summary>Bytes written.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    /// <summary>The bytes written so far, as memory.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Length);

    /// <summary>Forgets the content, keeps the storage.</summary>
    public void Clear() => Length = 0;

    /// <summary>Makes room for <paramref name="count"/> more bytes (doubling growth).</summary>
    public void Ensure(int count)
    {
        long needed = (long)Length + count;
        if (needed <= _buffer.Length)
        {
            return;
        }
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"MCAP buffer would exceed {Array.MaxLength} bytes.");
        }
        long size = Math.Max(needed, Math.Min((long)_buffer.Length * 2, Array.MaxLength));
        Array.Resize(ref _buffer, (int)size);
    }

    /// <inheritdoc/>
    public void Advance(int count) => Length += count;

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 256));
        return _buffer.AsMemory(Length);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 256));
        return _buffer.AsSpan(Length);
    }

    /// <summary>Appends one byte.</summary>
    public void U8(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    /// <summary>Appends a uint16.</summary>
    public void U16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(Length), value);
        Length += 2;
    }

    /// <summary>Appends a uint32.</summary>
    public void U32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    /// <summary>Appends a uint64.</summary>
    public void U64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(Length), value);
        Length += 8;
    }

    /// <summary>Appends raw bytes.</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Appends a uint32-length-prefixed UTF-8 string (encoded in place, no intermediate array).</summary>
    public void String(string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        U32((uint)count);
        Ensure(count);
        Length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Length));
    }

    /// <summary>Appends a Map&lt;string, string&gt;; keys in ordinal order so output is deterministic.</summary>
    public void StringMap(IReadOnlyDictionary<string, string> map)
    {
        int lengthAt = Length;
        U32(0);
        if (map.Count > 0)
        {
            var keys = new string[map.Count];
            int i = 0;
            foreach (KeyValuePair<string, string> pair in map)
            {
                keys[i++] = pair.Key;
            }
            Array.Sort(keys, StringComparer.Ordinal);
            foreach (string key in keys)
            {
                String(key);
                String(map[key]);
            }
        }
        PatchU32(lengthAt, (uint)(Length - lengthAt - 4));
    }

    /// <summary>Appends a Map&lt;uint16, uint64&gt; from parallel key/value spans.</summary>
    public void U16U64Map(ReadOnlySpan<ushort> keys, ReadOnlySpan<ulong> values)
    {
        U32((uint)(keys.Length * 10));
        for (int i = 0; i < keys.Length; i++)
        {
            U16(keys[i]);
            U64(values[i]);
        }
    }

    /// <summary>Starts a record: writes the opcode and a placeholder length; returns where the length goes.</summary>
    public int BeginRecord(McapOpcode opcode)
    {
        U8((byte)opcode);
        int at = Length;
        U64(0);
        return at;
    }

    /// <summary>Ends a record started with <see cref="BeginRecord"/> by patching its content length.</summary>
    public void EndRecord(int lengthAt) =>
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(lengthAt), (ulong)(Length - lengthAt - 8));

    /// <summary>Overwrites a uint32 written earlier.</summary>
    public void PatchU32(int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(at), value);
}
