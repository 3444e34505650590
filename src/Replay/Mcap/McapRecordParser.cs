namespace RovDsp.Replay.Mcap;

/// <summary>Parses the content of one record into its typed form (mcap.dev specification, "Records").</summary>
internal static class McapRecordParser
{
    /// <summary>Record name for messages: the opcode's name, or "opcode 0xNN" for unknown ones.</summary>
    public static string Name(byte opcode) =>
        Enum.IsDefined((McapOpcode)opcode) ? ((McapOpcode)opcode).ToString() : $"opcode 0x{opcode:X2}";

    /// <summary>
    /// Parses <paramref name="content"/> of a record with <paramref name="opcode"/> at <paramref name="fileOffset"/>.
    /// Returns null for unknown or private opcodes (skipped per the specification) and for Chunk (handled by the caller).
    /// Extra trailing bytes are ignored where the specification allows records to grow.
    /// </summary>
    public static McapRecord? Parse(byte opcode, ReadOnlyMemory<byte> content, long fileOffset)
    {
        string name = Name(opcode);
        var r = new McapFieldReader(content, fileOffset, name);
        switch ((McapOpcode)opcode)
        {
            case McapOpcode.Header:
                return new McapHeader(r.String("profile"), r.String("library"));
            case McapOpcode.Footer:
                return new McapFooter(r.U64("summary_start"), r.U64("summary_offset_start"), r.U32("summary_crc"));
            case McapOpcode.Schema:
            {
                ushort id = r.U16("id");
                string schemaName = r.String("name");
                string encoding = r.String("encoding");
                return new McapSchema(id, schemaName, encoding, r.Bytes32("data"));
            }
            case McapOpcode.Channel:
            {
                ushort id = r.U16("id");
                ushort schemaId = r.U16("schema_id");
                string topic = r.String("topic");
                string encoding = r.String("message_encoding");
                return new McapChannel(id, schemaId, topic, encoding, r.StringMap("metadata"));
            }
            case McapOpcode.Message:
            {
                ushort channel = r.U16("channel_id");
                uint sequence = r.U32("sequence");
                ulong logTime = r.U64("log_time");
                ulong publishTime = r.U64("publish_time");
                return new McapMessage(channel, sequence, logTime, publishTime, r.Rest());
            }
            case McapOpcode.MessageIndex:
            {
                ushort channel = r.U16("channel_id");
                return new McapMessageIndex(channel, r.IndexEntries("records"));
            }
            case McapOpcode.ChunkIndex:
            {
                ulong start = r.U64("message_start_time");
                ulong end = r.U64("message_end_time");
                ulong chunkStart = r.U64("chunk_start_offset");
                ulong chunkLength = r.U64("chunk_length");
                Dictionary<ushort, ulong> offsets = r.U16U64Map("message_index_offsets");
                ulong indexLength = r.U64("message_index_length");
                string compression = r.String("compression");
                ulong compressed = r.U64("compressed_size");
                ulong uncompressed = r.U64("uncompressed_size");
                return new McapChunkIndex(start, end, chunkStart, chunkLength, offsets, indexLength, compression, compressed, uncompressed);
            }
            case McapOpcode.Attachment:
            {
                ulong logTime = r.U64("log_time");
                ulong createTime = r.U64("create_time");
                string attachmentName = r.String("name");
                string mediaType = r.String("media_type");
                ReadOnlyMemory<byte> data = r.Bytes64("data");
                return new McapAttachment(logTime, createTime, attachmentName, mediaType, data, r.U32("crc"));
            }
            case McapOpcode.AttachmentIndex:
            {
                ulong offset = r.U64("offset");
                ulong length = r.U64("length");
                ulong logTime = r.U64("log_time");
                ulong createTime = r.U64("create_time");
                ulong dataSize = r.U64("data_size");
                string attachmentName = r.String("name");
                return new McapAttachmentIndex(offset, length, logTime, createTime, dataSize, attachmentName, r.String("media_type"));
            }
            case McapOpcode.Statistics:
            {
                ulong messages = r.U64("message_count");
                ushort schemas = r.U16("schema_count");
                uint channels = r.U32("channel_count");
                uint attachments = r.U32("attachment_count");
                uint metadata = r.U32("metadata_count");
                uint chunks = r.U32("chunk_count");
                ulong start = r.U64("message_start_time");
                ulong end = r.U64("message_end_time");
                return new McapStatistics(messages, schemas, channels, attachments, metadata, chunks, start, end,
                    r.U16U64Map("channel_message_counts"));
            }
            case McapOpcode.Metadata:
            {
                string metadataName = r.String("name");
                return new McapMetadata(metadataName, r.StringMap("metadata"));
            }
            case McapOpcode.MetadataIndex:
            {
                ulong offset = r.U64("offset");
                ulong length = r.U64("length");
                return new McapMetadataIndex(offset, length, r.String("name"));
            }
            case McapOpcode.SummaryOffset:
                return new McapSummaryOffset(r.U8("group_opcode"), r.U64("group_start"), r.U64("group_length"));
            case McapOpcode.DataEnd:
                return new McapDataEnd(r.U32("data_section_crc"));
            default:
                return null;
        }
    }
}
