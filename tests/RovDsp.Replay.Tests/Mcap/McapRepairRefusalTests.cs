using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Tests.Mcap;

/// <summary>
/// When <see cref="McapRepair"/> refuses and when it does not (its documented contract, which the MCAP fuzz target
/// checks on every input): it refuses only when no record is readable, and anything with one readable record becomes
/// a complete file.
/// </summary>
public class McapRepairRefusalTests
{
    private static readonly byte[] Magic = [0x89, (byte)'M', (byte)'C', (byte)'A', (byte)'P', (byte)'0', (byte)'\r', (byte)'\n'];

    // A Header record written out by hand: opcode 0x01, u64 content length 8, empty profile and library strings.
    private static readonly byte[] Header = [0x01, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    [Fact]
    public void Repair_refuses_the_magic_followed_by_an_unreadable_first_record()
    {
        // Opcode 0x00 is reserved (invalid) in MCAP: the damage is at byte 8, before any record.
        byte[] input = [.. Magic, 0x00, 4, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4];

        var e = Assert.Throws<McapFormatException>(() => McapRepair.Repair(new MemoryStream(input), new MemoryStream()));
        Assert.Equal(8, e.Offset);
    }

    [Fact]
    public void Repair_turns_a_readable_header_followed_by_garbage_into_a_complete_file()
    {
        byte[] input = [.. Magic, .. Header, 0x00, 0xFF, 0xFF, 0xFF];
        var output = new MemoryStream();

        var result = McapRepair.Repair(new MemoryStream(input), output);

        Assert.False(result.InputWasComplete);
        Assert.Equal(Magic.Length + Header.Length, result.ValidLength);
        using var reader = new McapReader(new MemoryStream(output.ToArray()));
        reader.ReadHeader();
        Assert.Empty(reader.ReadMessages());
        Assert.Contains(reader.StreamRecords().ReadRecords(), r => r is McapFooter);
    }
}
