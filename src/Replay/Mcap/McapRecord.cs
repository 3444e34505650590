namespace RovDsp.Replay.Mcap;

/// <summary>Base of every parsed MCAP record.</summary>
public abstract record McapRecord
{
    /// <summary>The record's opcode.</summary>
    public abstract McapOpcode Opcode { get; }
}
