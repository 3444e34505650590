using RovDsp.Bridge.Broker.Limits;

namespace RovDsp.Bridge.Tests.Broker;

public class MqttFrameGuardTests
{
    // A CONNECT of MQTT 3.1.1 with client id "c" (13 bytes after its 2-byte fixed header), then a PINGREQ.
    private static readonly byte[] Connect = [0x10, 13, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 2, 0, 60, 0, 1, (byte)'c'];

    [Fact]
    public void A_valid_stream_fed_one_byte_at_a_time_passes_and_counts_its_packets()
    {
        var guard = new MqttFrameGuard(1024);
        byte[] stream = [.. Connect, 0xC0, 0x00, 0x30, 0x82, 0x01, .. new byte[130]];
        foreach (var b in stream)
        {
            Assert.Equal(FrameViolation.None, guard.Feed([b]));
        }

        Assert.True(guard.ConnectReceived);
        Assert.Equal(3, guard.Packets);
        Assert.Equal(130, guard.DeclaredLength);
    }

    [Fact]
    public void A_declared_256_MiB_length_is_refused_on_its_third_length_byte()
    {
        var guard = new MqttFrameGuard(2 * 1024 * 1024);
        Assert.Equal(FrameViolation.None, guard.Feed(Connect));
        // PUBLISH declaring 0x0FFFFFFF... = 268,435,455 bytes: the first three bytes alone say 2,097,151, the fourth
        // makes it over.
        Assert.Equal(FrameViolation.None, guard.Feed([0x30, 0xFF, 0xFF, 0xFF]));
        Assert.Equal(FrameViolation.PacketTooLarge, guard.Feed([0x7F]));
        Assert.Equal(268_435_455, guard.DeclaredLength);
        // And it stays refused.
        Assert.Equal(FrameViolation.PacketTooLarge, guard.Feed([0xC0, 0]));
    }

    [Fact]
    public void The_limit_itself_passes_and_one_byte_more_does_not()
    {
        var limit = 1000;
        var ok = new MqttFrameGuard(limit);
        Assert.Equal(FrameViolation.None, ok.Feed([0x10, 0xE8, 0x07])); // 1000
        var over = new MqttFrameGuard(limit);
        Assert.Equal(FrameViolation.PacketTooLarge, over.Feed([0x10, 0xE9, 0x07])); // 1001
    }

    [Fact]
    public void A_fifth_length_byte_is_malformed()
    {
        var guard = new MqttFrameGuard(268_435_455);
        Assert.Equal(FrameViolation.MalformedLength, guard.Feed([0x10, 0x80, 0x80, 0x80, 0x80, 0x01]));
    }

    [Theory]
    [InlineData(0x30)] // PUBLISH before CONNECT
    [InlineData(0xC0)] // PINGREQ before CONNECT
    public void The_first_packet_must_be_connect(byte first)
    {
        Assert.Equal(FrameViolation.NotConnectFirst, new MqttFrameGuard(1024).Feed([first, 0]));
    }

    [Fact]
    public void Packet_type_zero_is_reserved()
    {
        var guard = new MqttFrameGuard(1024);
        guard.Feed(Connect);
        Assert.Equal(FrameViolation.ReservedPacketType, guard.Feed([0x00, 0x00]));
    }
}
