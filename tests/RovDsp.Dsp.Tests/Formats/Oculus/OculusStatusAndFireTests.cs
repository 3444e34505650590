using System.Buffers.Binary;
using System.Net;
using RovDsp.Dsp.Formats.Oculus;

namespace RovDsp.Dsp.Tests.Formats.Oculus;

/// <summary>The messages a client exchanges with an Oculus besides pings, at the byte offsets of Oculus.h's packed
/// structs (written out here from the header's field list, not from the code under test).</summary>
public class OculusStatusAndFireTests
{
    [Fact]
    public void Status_message_fields_sit_at_the_offsets_of_OculusStatusMsg()
    {
        var bytes = new byte[142];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, 0x4F53);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 7);       // srcDeviceId
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(10), 126);    // payloadSize
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 1234);   // deviceId
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), 1);      // deviceType
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), 1042);   // partNumber M1200d
        // status u32 at 24, six u32 of versions at 28..51, then ipAddr, ipMask, connectedIpAddr in network order.
        new byte[] { 192, 168, 2, 3 }.CopyTo(bytes, 52);
        new byte[] { 255, 255, 255, 0 }.CopyTo(bytes, 56);
        new byte[] { 192, 168, 2, 10 }.CopyTo(bytes, 60);
        var status = OculusStatusMessage.Parse(bytes);
        Assert.Equal(7, status.SrcDeviceId);
        Assert.Equal(1234u, status.DeviceId);
        Assert.Equal(1042, status.PartNumber);
        Assert.Equal(IPAddress.Parse("192.168.2.3"), status.IpAddress);
        Assert.Equal(IPAddress.Parse("255.255.255.0"), status.IpMask);
        Assert.Equal(IPAddress.Parse("192.168.2.10"), status.ConnectedIpAddress);

        var written = new byte[142];
        Assert.Equal(142, status.Write(written));
        Assert.Equal(bytes.AsSpan(0, 64).ToArray(), written.AsSpan(0, 64).ToArray());
        Assert.Throws<OculusFormatException>(() => OculusStatusMessage.Parse(bytes.AsSpan(0, 100)));
    }

    [Fact]
    public void Fire_message_is_53_bytes_with_msgId_0x15_and_the_fields_in_Oculus_h_order()
    {
        var fire = new OculusSimpleFireMessage
        {
            MasterMode = 2, PingRate = 3, NetworkSpeed = 0xFF, GammaCorrection = 127, Flags = 0x05, Range = 12.5, GainPercent = 40,
            SpeedOfSound = 0, Salinity = 35,
        };
        var bytes = new byte[60];
        Assert.Equal(53, fire.WriteMessage(bytes));
        Assert.Equal(0x4F53, BinaryPrimitives.ReadUInt16LittleEndian(bytes));
        Assert.Equal(0x15, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(37u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(10)));
        Assert.Equal(new byte[] { 2, 3, 0xFF, 127, 0x05 }, bytes[16..21]);
        Assert.Equal(12.5, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(21)));
        Assert.Equal(40.0, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(29)));
        Assert.Equal(0.0, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(37)));
        Assert.Equal(35.0, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(45)));
    }

    [Theory]
    [InlineData(OculusDataSize.Bits8, false)]
    [InlineData(OculusDataSize.Bits16, true)]
    [InlineData(OculusDataSize.Bits32, true)]
    public void A_written_ping_reads_back_through_the_parser_checked_on_the_real_pings(OculusDataSize size, bool gains)
    {
        const int beams = 5, ranges = 7;
        var bytesPerSample = (int)size + 1;
        var fire = new OculusSimpleFireMessage { MasterMode = 1, Flags = (byte)(0x01 | (gains ? 0x04 : 0)), Range = 3, GainPercent = 20 };
        var bearings = new short[] { -3000, -1500, 0, 1500, 3000 };
        var samples = new byte[beams * ranges * bytesPerSample];
        for (var i = 0; i < beams * ranges; i++)
        {
            // Sample i has value 1000·i + 7 truncated to the sample width.
            var v = (uint)((1000 * i) + 7);
            for (var k = 0; k < bytesPerSample; k++)
            {
                samples[(i * bytesPerSample) + k] = (byte)(v >> (8 * k));
            }
        }

        var rowGains = Enumerable.Range(0, ranges).Select(r => 1f + r).ToArray();
        var buffer = new byte[OculusSimplePingResultWriter.GetLength(beams, ranges, size, gains)];
        var n = OculusSimplePingResultWriter.Write(buffer, fire,
            new OculusPingFields { PingId = 42, FrequencyHz = 750e3, SpeedOfSoundUsed = 1500, DataSize = size, RangeResolutionM = 3.0 / ranges, Ranges = ranges },
            bearings, samples, rowGains);
        Assert.Equal(buffer.Length, n);

        var ping = OculusSimplePingResult.Parse(buffer);
        Assert.Equal(42u, ping.PingId);
        Assert.Equal(size, ping.DataSize);
        Assert.Equal(beams, ping.BeamCount);
        Assert.Equal(ranges, ping.RangeCount);
        Assert.Equal((uint)n, ping.MessageSize);
        Assert.Equal(bearings, ping.Bearings);
        Assert.Equal(gains ? rowGains : [], ping.RowGains);
        Assert.Equal(3.0, ping.Fire.Range);
        var mask = bytesPerSample == 4 ? uint.MaxValue : (1u << (8 * bytesPerSample)) - 1;
        for (var i = 0; i < beams * ranges; i++)
        {
            Assert.Equal((uint)((1000 * i) + 7) & mask, ping.Sample(i / beams, i % beams));
        }
    }
}
