namespace RovDsp.Replay.Mcap;

/// <summary>Schema record (op 0x03).</summary>
/// <param name="Id">Schema id, unique in the file, never 0.</param>
/// <param name="Name">Schema name (e.g. the message type).</param>
/// <param name="Encoding">Schema encoding (e.g. "jsonschema", "protobuf"); empty when no schema is available.</param>
/// <param name="Data">Schema text or bytes in that encoding.</param>
public sealed record McapSchema(ushort Id, string Name, string Encoding, ReadOnlyMemory<byte> Data) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.Schema;
}
