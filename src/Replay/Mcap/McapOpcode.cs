namespace RovDsp.Replay.Mcap;

/// <summary>MCAP record opcodes (mcap.dev specification, "Records"). 0x80-0xFF are private records.</summary>
public enum McapOpcode : byte
{
    /// <summary>Header: profile and library.</summary>
    Header = 0x01,
    /// <summary>Footer: summary start, summary offset start, summary CRC.</summary>
    Footer = 0x02,
    /// <summary>Schema definition.</summary>
    Schema = 0x03,
    /// <summary>Channel definition.</summary>
    Channel = 0x04,
    /// <summary>One timestamped message.</summary>
    Message = 0x05,
    /// <summary>A batch of records, possibly compressed.</summary>
    Chunk = 0x06,
    /// <summary>Log time and offset of each message of one channel in the preceding chunk.</summary>
    MessageIndex = 0x07,
    /// <summary>Location and time range of a chunk (summary section).</summary>
    ChunkIndex = 0x08,
    /// <summary>An auxiliary artefact (never inside a chunk).</summary>
    Attachment = 0x09,
    /// <summary>Location of an attachment (summary section).</summary>
    AttachmentIndex = 0x0A,
    /// <summary>Counts and time range of the whole file (summary section).</summary>
    Statistics = 0x0B,
    /// <summary>Named key-value user data.</summary>
    Metadata = 0x0C,
    /// <summary>Location of a metadata record (summary section).</summary>
    MetadataIndex = 0x0D,
    /// <summary>Location of a group of summary records with one opcode.</summary>
    SummaryOffset = 0x0E,
    /// <summary>End of the data section, with the data section CRC.</summary>
    DataEnd = 0x0F,
}
