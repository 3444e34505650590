using System.Text;
using System.Text.Json;
using RovDsp.Dsp.Formats.Ping;
using RovDsp.Dsp.Tests.Support;
using Xunit;

namespace RovDsp.Dsp.Tests.Formats.Ping;

public sealed class PingMessageTests
{
    private const string File = "ping.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File);

    private static PingDeviceType DeviceOf(string name) =>
        name.StartsWith("ping1d_", StringComparison.Ordinal) ? PingDeviceType.Ping1D
        : name.StartsWith("ping360_", StringComparison.Ordinal) ? PingDeviceType.Ping360
        : PingDeviceType.Unknown;

    private static byte[] Bytes(JsonElement c, string p) => c.GetProperty(p).EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();

    // Layouts: every message of common/ping1d/ping360.json, payload and frame packed by Python's struct module.
    // Integer fields compare exactly (no tolerance: these are bit fields).
    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_and_encodes_fixture_layouts(string name)
    {
        JsonElement c = Fixture.Case(File, name);
        string kind = c.Text("kind");
        byte[] payload = Bytes(c, "payload");
        byte[] frame = Bytes(c, "frame");
        byte[] expectedArray = Bytes(c, "array");
        ushort id = (ushort)c.Int("id");

        Assert.Equal(kind, PingMessageCatalog.Classify(id, DeviceOf(name)).ToString());
        Assert.Equal(kind, PingMessageCatalog.Classify(id, PingDeviceType.Unknown).ToString());
        Assert.Equal(id, PingMessageCatalog.MessageIdOf(Enum.Parse<PingMessageKind>(kind)));

        var fields = PingFixtureCodec.Decode(kind, payload, out byte[] array);
        var expected = c.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(expected.OrderBy(p => p.Key), fields.OrderBy(p => p.Key));
        Assert.Equal(expectedArray, array);

        var buffer = new byte[frame.Length + 16];
        int n = PingFixtureCodec.EncodeFrame(kind, expected, expectedArray, (byte)c.Int("src"), (byte)c.Int("dst"), buffer);
        Assert.Equal(frame, buffer.AsSpan(0, n).ToArray());

        int seen = 0;
        new PingFrameParser().Process(frame, f =>
        {
            seen++;
            Assert.Equal(id, f.MessageId);
            Assert.True(f.Payload.SequenceEqual(payload));
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public void Dispatch_depends_on_device_type_where_ids_differ()
    {
        Assert.Equal(PingMessageKind.PingSetDeviceId, PingMessageCatalog.Classify(100, PingDeviceType.Ping360));
        Assert.Equal(PingMessageKind.Ping1DSetDeviceId, PingMessageCatalog.Classify(1000, PingDeviceType.Ping1D));
        Assert.Equal(PingMessageKind.Ping360SetDeviceId, PingMessageCatalog.Classify(2000, PingDeviceType.Ping360));
        Assert.Equal(PingMessageKind.Unknown, PingMessageCatalog.Classify(1000, PingDeviceType.Ping360));
        Assert.Equal(PingMessageKind.Unknown, PingMessageCatalog.Classify(2300, PingDeviceType.Ping1D));
        Assert.Equal(PingMessageKind.Ping360DeviceData, PingMessageCatalog.Classify(2300, PingDeviceType.Unknown));
        Assert.Equal(PingMessageKind.Unknown, PingMessageCatalog.Classify(9999, PingDeviceType.Unknown));
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => PingMessageCatalog.MessageIdOf(PingMessageKind.Unknown)).ParamName);
    }

    [Fact]
    public void General_request_vectors_from_ping_rs()
    {
        // bluerobotics/ping-rs tests/packer.rs and tests/deserialize.rs.
        (byte[] Bytes, ushort Requested, byte Dst)[] vectors =
        [
            (PingTestVectors.GeneralRequest5, 5, 0),
            (PingTestVectors.GeneralRequest5Dst1, 5, 1),
            (PingTestVectors.GeneralRequest1211, 1211, 0),
        ];
        var buffer = new byte[32];
        foreach (var (bytes, requested, dst) in vectors)
        {
            ushort got = 0;
            var parser = new PingFrameParser();
            parser.Process(bytes, f =>
            {
                Assert.Equal(PingMessageKind.PingGeneralRequest, PingMessageCatalog.Classify(f.MessageId, PingDeviceType.Unknown));
                Assert.True(PingGeneralRequest.TryRead(f.Payload, out var m));
                got = m.RequestedId;
            });
            Assert.Equal(1, parser.Frames);
            Assert.Equal(requested, got);
            int n = PingFrameWriter.Write(buffer, new PingGeneralRequest { RequestedId = got }, 0, dst);
            Assert.Equal(bytes, buffer.AsSpan(0, n).ToArray());
        }
    }

    [Fact]
    public void Nack_payload_from_ping_rs()
    {
        // bluerobotics/ping-rs tests/serialize.rs: NackStruct { nacked_id: 0x666, nack_message: "BATATA" } serialises
        // with a trailing NUL; the definition's char vector is the rest of the payload, so the NUL is kept as data.
        Assert.True(PingNack.TryRead(PingTestVectors.NackPayload, out var nack));
        Assert.Equal(0x666, nack.NackedId);
        Assert.Equal("BATATA\0", Encoding.ASCII.GetString(nack.NackMessage));
        var buffer = new byte[16];
        int n = new PingNack { NackedId = 0x666, NackMessage = "BATATA\0"u8 }.WritePayload(buffer);
        Assert.Equal(PingTestVectors.NackPayload, buffer.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void Protocol_version_from_ping_cpp()
    {
        // bluerobotics/ping-cpp test/test-message.cpp testProtocolVersion.
        PingProtocolVersion got = default;
        new PingFrameParser().Process(PingTestVectors.ProtocolVersion, f =>
        {
            Assert.Equal(77, f.SourceId);
            Assert.Equal(211, f.DestinationId);
            Assert.True(PingProtocolVersion.TryRead(f.Payload, out got));
        });
        Assert.Equal(new PingProtocolVersion { VersionMajor = 1, VersionMinor = 2, VersionPatch = 3, Reserved = 99 }, got);
        var buffer = new byte[32];
        int n = PingFrameWriter.Write(buffer, got, 77, 211);
        Assert.Equal(PingTestVectors.ProtocolVersion, buffer.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void Protocol_version_from_specification_example()
    {
        // bluerobotics/ping-protocol docs/index.md, negotiation example reply.
        var frame = PingTestVectors.ProtocolVersionDocs;
        Assert.Equal(PingMessageKind.PingProtocolVersion, PingMessageCatalog.Classify((ushort)(frame[4] | (frame[5] << 8)), PingDeviceType.Ping1D));
        Assert.True(PingProtocolVersion.TryRead(frame.AsSpan(8, 4), out var v));
        Assert.Equal(new PingProtocolVersion { VersionMajor = 1, VersionMinor = 2, VersionPatch = 3, Reserved = 0 }, v);
        var buffer = new byte[32];
        int n = PingFrameWriter.Write(buffer, v);
        Assert.Equal(frame, buffer.AsSpan(0, n).ToArray());
        Assert.Equal(1, new PingFrameParser().Process(frame, _ => { }));
    }

    [Fact]
    public void Profile_from_ping_cpp()
    {
        // bluerobotics/ping-cpp test/test-message.cpp testProfile.
        var frame = PingTestVectors.Profile;
        Assert.True(Ping1DProfile.TryRead(frame.AsSpan(8, 36), out var p));
        Assert.Equal(1000u, p.Distance);
        Assert.Equal(93, p.Confidence);
        Assert.Equal(2111, p.TransmitDuration);
        Assert.Equal(44444444u, p.PingNumber);
        Assert.Equal(4000u, p.ScanStart);
        Assert.Equal(35000u, p.ScanLength);
        Assert.Equal(4u, p.GainSetting);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, p.ProfileData.ToArray());
        var buffer = new byte[64];
        int n = PingFrameWriter.Write(buffer, p, 56, 45);
        Assert.Equal(frame, buffer.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void Truncated_payloads_are_rejected()
    {
        var payload = PingTestVectors.Profile.AsSpan(8, 36).ToArray();
        Assert.False(Ping1DProfile.TryRead(payload.AsSpan(0, 25), out _));
        // The u16 prefix says 10 bytes follow; 9 do.
        Assert.False(Ping1DProfile.TryRead(payload.AsSpan(0, 35), out _));
        Assert.False(Ping1DDistance.TryRead(new byte[23], out _));
        Assert.True(Ping1DDistance.TryRead(new byte[24], out _));
        Assert.False(Ping360DeviceData.TryRead(new byte[13], out _));
        Assert.False(PingGeneralRequest.TryRead(new byte[1], out _));
    }

    [Fact]
    public void Write_payload_rejects_short_destination()
    {
        var m = new Ping1DDistance { Distance = 5 };
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => m.WritePayload(new byte[23])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => PingFrameWriter.Write(new byte[33], m)).ParamName);
    }

    [Fact]
    public void Decode_and_encode_allocate_nothing()
    {
        var frame = PingTestVectors.Profile;
        var buffer = new byte[64];
        long sum = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                Ping1DProfile.TryRead(frame.AsSpan(8, 36), out var p);
                sum += PingFrameWriter.Write(buffer, p, 56, 45);
            }

            long after = GC.GetAllocatedBytesForCurrentThread();
            if (pass == 1)
            {
                Assert.Equal(before, after);
            }
        }

        Assert.Equal(200 * frame.Length, sum);
    }
}
