namespace RovDsp.Replay.Mcap;

/// <summary>Metadata record (op 0x0C): named key-value data, e.g. the dive's site, vehicle and scenario.</summary>
/// <param name="Name">Metadata name, e.g. "dive".</param>
/// <param name="Values">Key-value pairs.</param>
public sealed record McapMetadata(string Name, IReadOnlyDictionary<string, string> Values) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.Metadata;
}
