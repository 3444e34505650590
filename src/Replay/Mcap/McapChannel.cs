namespace RovDsp.Replay.Mcap;

/// <summary>Channel record (op 0x04): a stream of messages on a topic.</summary>
/// <param name="Id">Channel id, unique in the file.</param>
/// <param name="SchemaId">Schema of the channel's messages; 0 = no schema.</param>
/// <param name="Topic">Topic name.</param>
/// <param name="MessageEncoding">Message encoding (e.g. "json", "cdr").</param>
/// <param name="Metadata">Channel metadata (string to string).</param>
public sealed record McapChannel(
    ushort Id, ushort SchemaId, string Topic, string MessageEncoding, IReadOnlyDictionary<string, string> Metadata) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.Channel;
}
