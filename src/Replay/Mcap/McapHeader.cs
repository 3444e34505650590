namespace RovDsp.Replay.Mcap;

/// <summary>Header record (op 0x01), the first record after the leading magic.</summary>
/// <param name="Profile">Profile naming requirements for the file's fields (e.g. "ros2"; may be empty).</param>
/// <param name="Library">Free-form name and version of the writer.</param>
public sealed record McapHeader(string Profile, string Library) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.Header;
}
