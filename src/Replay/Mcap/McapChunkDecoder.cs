using System.Buffers.Binary;
using System.IO.Hashing;

namespace RovDsp.Replay.Mcap;

/// <summary>Decodes a Chunk record's content: header fields, decompression, CRC check, and the records inside.</summary>
internal static class McapChunkDecoder
{
    /// <summary>Record header size: opcode (1) and content length (8).</summary>
    public const int RecordHeaderSize = 9;

    /// <summary>
    /// Parses the chunk header in <paramref name="content"/>, decompresses its records, checks the CRC, and returns the
    /// uncompressed records (a new array; messages parsed from it slice it).
    /// </summary>
    public static ReadOnlyMemory<byte> Decode(ReadOnlyMemory<byte> content, long fileOffset, McapChunkCodec codec, McapReaderOptions options,
        out McapChunk chunk, McapBufferPool? pool = null)
    {
        var r = new McapFieldReader(content, fileOffset, "Chunk");
        ulong start = r.U64("message_start_time");
        ulong end = r.U64("message_end_time");
        ulong uncompressedSize = r.U64("uncompressed_size");
        uint crc = r.U32("uncompressed_crc");
        string compression = r.String("compression");
        ReadOnlyMemory<byte> stored = r.Bytes64("records");
        chunk = new McapChunk(start, end, uncompressedSize, crc, compression, (ulong)stored.Length, fileOffset);
        ReadOnlyMemory<byte> records = codec.Decompress(compression, stored, uncompressedSize, options.MaxChunkSize, fileOffset, pool);
        if (options.ValidateCrcs && crc != 0)
        {
            uint actual = Crc32.HashToUInt32(records.Span);
            if (actual != crc)
            {
                throw new McapFormatException(
                    $"chunk CRC mismatch: records hash to 0x{actual:X8}, chunk says 0x{crc:X8}", fileOffset, "Chunk");
            }
        }
        return records;
    }

    /// <summary>
    /// Parses every record of an uncompressed chunk, in order, into <paramref name="into"/> (unknown opcodes skipped).
    /// Payloads are copied out, so <paramref name="records"/> may be a reused buffer, unless <paramref name="lease"/>
    /// is given: then messages slice <paramref name="records"/> (the lease's buffer) and carry the lease. Errors name
    /// the chunk's file offset and the offset inside the uncompressed records.
    /// </summary>
    public static void ParseRecords(ReadOnlyMemory<byte> records, long chunkOffset, List<McapRecord> into, McapChunkLease? lease = null)
    {
        ReadOnlySpan<byte> span = records.Span;
        int position = 0;
        while (position < records.Length)
        {
            if (records.Length - position < RecordHeaderSize)
            {
                throw new McapFormatException(
                    $"truncated record header at offset {position} of the uncompressed chunk", chunkOffset, "Chunk");
            }
            byte opcode = span[position];
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(span[(position + 1)..]);
            int contentStart = position + RecordHeaderSize;
            if (length > (ulong)(records.Length - contentStart))
            {
                throw new McapFormatException(
                    $"{McapRecordParser.Name(opcode)} at offset {position} of the uncompressed chunk declares {length} bytes, "
                    + $"only {records.Length - contentStart} remain", chunkOffset, "Chunk");
            }
            if (opcode == 0)
            {
                throw new McapFormatException($"opcode 0x00 (invalid) at offset {position} of the uncompressed chunk", chunkOffset, "Chunk");
            }
            if (opcode is (byte)McapOpcode.Chunk or (byte)McapOpcode.Header or (byte)McapOpcode.Footer)
            {
                throw new McapFormatException(
                    $"{McapRecordParser.Name(opcode)} is not allowed inside a chunk (offset {position})", chunkOffset, "Chunk");
            }
            McapRecord? record = McapRecordParser.Parse(opcode, records.Slice(contentStart, (int)length), chunkOffset);
            switch (record)
            {
                case McapMessage message:
                    into.Add(lease is null ? message with { Data = message.Data.ToArray() } : message with { Lease = lease });
                    break;
                case McapSchema schema:
                    into.Add(schema with { Data = schema.Data.ToArray() });
                    break;
                case McapAttachment attachment:
                    into.Add(attachment with { Data = attachment.Data.ToArray() });
                    break;
                case not null:
                    into.Add(record);
                    break;
            }
            position = contentStart + (int)length;
        }
    }
}
