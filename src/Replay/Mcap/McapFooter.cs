namespace RovDsp.Replay.Mcap;

/// <summary>Footer record (op 0x02), the last record before the trailing magic.</summary>
/// <param name="SummaryStart">Offset of the first summary record; 0 when there is no summary.</param>
/// <param name="SummaryOffsetStart">Offset of the first Summary Offset record; 0 when there is none.</param>
/// <param name="SummaryCrc">CRC-32 from the summary start through the footer's summary_offset_start field; 0 = none.</param>
public sealed record McapFooter(ulong SummaryStart, ulong SummaryOffsetStart, uint SummaryCrc) : McapRecord
{
    /// <inheritdoc/>
    public override McapOpcode Opcode => McapOpcode.Footer;
}
