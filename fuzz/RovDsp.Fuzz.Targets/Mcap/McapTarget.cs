using RovDsp.Replay.Mcap;

namespace RovDsp.Fuzz.Targets.Mcap;

/// <summary>
/// The MCAP reader (src/Replay/Mcap), as <c>rovdsp-replay info</c>, <c>play</c> and <c>repair</c> use it on a file of
/// unknown health. Each input is read three ways: front to back in strict mode with CRC checks off (so mutated chunks
/// still reach the record parser), front to back in recover mode with CRC checks on, and through the summary
/// (<see cref="McapReader"/>). Invariants: strict reading refuses bad data only with <see cref="McapFormatException"/>;
/// recover mode never throws and reports a valid prefix no longer than the input; the summary path refuses only with
/// <see cref="McapFormatException"/>; and <see cref="McapRepair"/> (what <c>repair</c> runs) turns any input with a readable
/// record into a complete, readable file holding exactly the messages it reports, which a second repair leaves as it
/// is (an input with none it refuses with <see cref="McapFormatException"/>).
/// </summary>
public sealed class McapTarget : IFuzzTarget
{
    // Small limits so that a declared length over them is refused on purpose, and one input stays cheap.
    private static readonly McapReaderOptions Unchecked = new() { ValidateCrcs = false, MaxRecordSize = 1 << 20, MaxChunkSize = 4 << 20 };
    private static readonly McapReaderOptions Checked = new() { MaxRecordSize = 1 << 20, MaxChunkSize = 4 << 20 };

    // Uncompressed output keeps a repair cheap; small chunks so that several are written and indexed.
    private static readonly McapWriterOptions RepairWriter = new() { Compression = McapCompression.None, ChunkSize = 4096 };

    /// <inheritdoc />
    public string Name => "mcap";

    /// <inheritdoc />
    public void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        ReadStrict(bytes);
        var readable = ReadRecovering(bytes);
        ReadThroughSummary(bytes);
        Repair(bytes, readable);
    }

    // `rovdsp-replay repair`: whatever the input, the output is a valid, complete file holding exactly the messages the
    // repair says it recovered, and repairing it again changes nothing.
    // `readable`: records recover mode yields before any Data End, which is what repair copies. With none there is
    // nothing to repair and it refuses (McapFormatException) rather than write an empty file.
    private static void Repair(byte[] bytes, int readable)
    {
        var output = new MemoryStream();
        McapRepairResult result;
        try
        {
            result = McapRepair.Repair(new MemoryStream(bytes, writable: false), output, RepairWriter);
        }
        catch (McapFormatException e)
        {
            if (readable > 0)
            {
                throw new FuzzFindingException($"mcap: repair refused a file with {readable} readable records: {e.Message}", e);
            }

            return;
        }

        var repaired = output.ToArray();
        long messages = 0;
        try
        {
            using var reader = new McapReader(new MemoryStream(repaired, writable: false), Checked);
            reader.ReadHeader();
            foreach (var message in reader.ReadMessages())
            {
                messages++;
                message.Release();
            }
        }
        catch (McapFormatException e)
        {
            throw new FuzzFindingException($"mcap: the repaired file does not read: {e.Message}", e);
        }

        if (messages != result.MessagesRecovered)
        {
            throw new FuzzFindingException($"mcap: repair reports {result.MessagesRecovered} messages recovered, the repaired file holds {messages}");
        }

        var again = McapRepair.Repair(new MemoryStream(repaired, writable: false), new MemoryStream(), RepairWriter);
        if (!again.InputWasComplete || again.MessagesRecovered != messages || again.MessagesDropped != 0)
        {
            throw new FuzzFindingException(
                $"mcap: repairing a repaired file is not a no-op (complete {again.InputWasComplete}, {again.MessagesRecovered} of {messages} messages, {again.MessagesDropped} dropped)");
        }
    }

    private static void ReadStrict(byte[] bytes)
    {
        try
        {
            foreach (var record in new McapStreamReader(new MemoryStream(bytes, writable: false), Unchecked).ReadRecords())
            {
                (record as McapMessage)?.Release();
            }
        }
        catch (McapFormatException)
        {
            // Refused: what strict mode is for.
        }
    }

    private static int ReadRecovering(byte[] bytes)
    {
        var reader = new McapStreamReader(new MemoryStream(bytes, writable: false), Checked, recover: true);
        var beforeDataEnd = 0;
        var dataEnd = false;
        foreach (var record in reader.ReadRecords())
        {
            (record as McapMessage)?.Release();
            dataEnd |= record is McapDataEnd;
            beforeDataEnd += dataEnd ? 0 : 1;
        }

        if (reader.ValidLength < 0 || reader.ValidLength > bytes.Length)
        {
            throw new FuzzFindingException($"mcap: recover mode reports a valid prefix of {reader.ValidLength} bytes in a {bytes.Length}-byte file");
        }

        return beforeDataEnd;
    }

    private static void ReadThroughSummary(byte[] bytes)
    {
        using var reader = new McapReader(new MemoryStream(bytes, writable: false), Checked);
        try
        {
            reader.ReadHeader();
            if (!reader.TryReadSummary(out _, out _))
            {
                return;
            }

            foreach (var message in reader.ReadMessages())
            {
                message.Release();
            }
        }
        catch (McapFormatException)
        {
            // Refused: a damaged summary or chunk.
        }
    }
}
