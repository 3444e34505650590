using System.Buffers.Binary;
using RovDsp.Bridge.Hardware.Oculus;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Dsp.Formats.Oculus;

namespace RovDsp.Bridge.Tests.Hardware.Oculus;

/// <summary>The live stream reassembly against the whole-capture splitter on the real pings: any split of the bytes
/// gives the same messages, and garbage that imitates a header does not hold back the next real ping.</summary>
public class OculusFrameAssemblerTests
{
    private static List<byte[]> Drain(OculusFrameAssembler assembler)
    {
        var messages = new List<byte[]>();
        while (assembler.TryNext(out var m))
        {
            messages.Add(m.ToArray());
        }

        return messages;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Any_split_of_the_real_capture_gives_the_splitters_messages(int seed)
    {
        var capture = OculusCaptures.Read();
        var expected = OculusStreamSplitter.Split(capture).Messages.Select(m => m.Bytes.ToArray()).ToList();
        var assembler = new OculusFrameAssembler(4096);
        var random = new Random(seed);
        var got = new List<byte[]>();
        for (var at = 0; at < capture.Length;)
        {
            var n = Math.Min(capture.Length - at, random.Next(1, seed == 1 ? 40 : 70_000));
            assembler.Append(capture.AsSpan(at, n));
            at += n;
            got.AddRange(Drain(assembler));
        }

        Assert.Equal(expected, got);
        Assert.Equal(0, assembler.BytesSkipped);
        Assert.Equal(0, assembler.Pending);
    }

    [Fact]
    public void A_fake_header_in_garbage_costs_one_bad_frame_not_the_next_ping()
    {
        var capture = OculusCaptures.Read("one_ping_8bit.raw");
        var fake = new byte[40];
        // "SO", another device, msgId 0x23, version 0, payloadSize 4 MB: a header the stream cannot tell from a real one.
        BinaryPrimitives.WriteUInt16LittleEndian(fake, 0x4F53);
        BinaryPrimitives.WriteUInt16LittleEndian(fake.AsSpan(2), 999);
        BinaryPrimitives.WriteUInt16LittleEndian(fake.AsSpan(6), 0x23);
        BinaryPrimitives.WriteUInt32LittleEndian(fake.AsSpan(10), 4_000_000);
        var assembler = new OculusFrameAssembler();
        assembler.Append([1, 2, 3, 0x53]);
        assembler.Append(fake.AsSpan(1)); // the 'S' came in the previous read
        Assert.Empty(Drain(assembler));
        assembler.Append(capture);
        var got = Assert.Single(Drain(assembler));
        Assert.Equal(capture, got);
        Assert.Equal(1, assembler.TruncatedFrames);
        Assert.Equal(1, assembler.Resyncs);
        Assert.Equal(3 + 40, assembler.BytesSkipped);
        Assert.Contains("followed after 40 bytes by the next ping result", assembler.LastProblem, StringComparison.Ordinal);
    }
}
