using System.Text.Json;
using RovDsp.Dsp.Formats.Xtf;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Formats.Xtf;

public class XtfReaderTests
{
    private const string File = "xtf/scotsman-iver2.xtf";
    private static readonly Lazy<byte[]> Data = new(() => SharedData.Read(File));

    [SharedDataFact]
    public void FileHeader_MatchesDocumentedValues()
    {
        var h = new XtfReader(Data.Value).FileHeader;
        Assert.Equal(0x7B, h.FileFormat);
        Assert.Equal(1, h.SystemType);
        Assert.Equal("SEASCAN", h.RecordingProgramName);
        Assert.Equal("HDS", h.SonarName);
        Assert.Equal(2, h.NumberOfSonarChannels);
        Assert.Equal(3, h.NavUnits);
        Assert.Equal(1024, h.HeaderSize);
        Assert.Equal(2, h.Channels.Count);
        Assert.Equal("PORT", h.Channels[0].ChannelName);
        Assert.Equal("STARBOARD", h.Channels[1].ChannelName);
        Assert.Equal(1, h.Channels[0].TypeOfChannel);
        Assert.Equal(2, h.Channels[1].TypeOfChannel);
        Assert.All(h.Channels, c => Assert.Equal(2, c.BytesPerSample));
        Assert.All(h.Channels, c => Assert.Equal(600f, c.Frequency)); // 600 kHz Sea Scan HDS
    }

    [SharedDataFact]
    public void WholeFile_Reads461PingsToTheLastByte()
    {
        var reader = new XtfReader(Data.Value);
        var all = reader.ReadAll();
        Assert.Equal(461, all.Pings.Count);
        Assert.Empty(all.SkippedPackets);
        Assert.Equal(Data.Value.Length, all.EndOffset);
        for (var i = 0; i < all.Pings.Count; i++)
        {
            var p = all.Pings[i];
            Assert.Equal(4480u, p.Header.Packet.NumBytesThisRecord);
            Assert.Equal(1024 + (4480L * i), p.Header.Packet.Offset);
            Assert.Equal(2, p.Channels.Count);
            Assert.Equal(1024, p.PortSamples.Length);
            Assert.Equal(1024, p.StarboardSamples.Length);
            Assert.Equal(29.98f, p.Port!.Header.SlantRange, 0.01f);
            Assert.Equal(0.04f, p.Port.Header.SecondsPerPing, 0.001f);
            Assert.NotNull(p.Header.Time);
        }
    }

    [SharedDataFact]
    public void PingNumbersAndTimes_AdvanceThroughTheFile()
    {
        var pings = new XtfReader(Data.Value).ReadAll().Pings;
        for (var i = 0; i < pings.Count; i++)
        {
            Assert.Equal((uint)i, pings[i].Header.PingNumber);
            if (i > 0)
            {
                Assert.True(pings[i].Header.Time > pings[i - 1].Header.Time, $"ping {i} time does not advance");
            }
        }
        // The stamps run from 21:13:08.00 to 21:14:00.23 (hundredths resolution): about 0.114 s per ping,
        // although SecondsPerPing (the listening time of the 29.98 m range) is 0.04 s.
        Assert.Equal(TimeSpan.FromMilliseconds(52230), pings[^1].Header.Time!.Value - pings[0].Header.Time!.Value);
    }

    [SharedDataFact]
    public void Pings_MatchNumpyReading()
    {
        var fixture = Fixture.Load("xtf.json");
        var reader = new XtfReader(Data.Value);
        var all = reader.ReadAll();
        Assert.Equal(fixture.GetProperty("packet_count").GetInt32(), all.Pings.Count);
        foreach (var expected in fixture.GetProperty("pings").EnumerateArray())
        {
            var ping = all.Pings[expected.GetProperty("index").GetInt32()];
            Assert.Equal(expected.GetProperty("offset").GetInt64(), ping.Header.Packet.Offset);
            Assert.Equal(expected.GetProperty("ping_number").GetUInt32(), ping.Header.PingNumber);
            // Exact: float32 fields read from the same bytes, numpy widened them to float64 exactly.
            Assert.Equal(expected.GetProperty("sound_velocity").GetDouble(), ping.Header.SoundVelocity);
            var t = Ints(expected.GetProperty("time"));
            Assert.Equal(new DateTime(t[0], t[1], t[2], t[3], t[4], t[5], t[6] * 10, DateTimeKind.Utc), ping.Header.Time);
            var channels = expected.GetProperty("channels").EnumerateArray().ToArray();
            Assert.Equal(channels.Length, ping.Channels.Count);
            for (var c = 0; c < channels.Length; c++)
            {
                var e = channels[c];
                var actual = ping.Channels[c];
                Assert.Equal(e.GetProperty("channel").GetInt32(), actual.Header.ChannelNumber);
                Assert.Equal(e.GetProperty("slant_range").GetDouble(), actual.Header.SlantRange);
                Assert.Equal(e.GetProperty("seconds_per_ping").GetDouble(), actual.Header.SecondsPerPing);
                Assert.Equal(e.GetProperty("num_samples").GetInt32(), actual.Samples.Length);
                var first = Ints(e.GetProperty("first"));
                for (var i = 0; i < first.Length; i++)
                {
                    Assert.Equal(first[i], actual.Samples[i]);
                }
                Assert.Equal(e.GetProperty("last").GetInt32(), actual.Samples[^1]);
                long sum = 0;
                var max = 0;
                var argmax = 0;
                for (var i = 0; i < actual.Samples.Length; i++)
                {
                    sum += actual.Samples[i];
                    if (actual.Samples[i] > max)
                    {
                        max = actual.Samples[i];
                        argmax = i;
                    }
                }
                Assert.Equal(e.GetProperty("sum").GetInt64(), sum);
                Assert.Equal(e.GetProperty("max").GetInt32(), max);
                Assert.Equal(e.GetProperty("argmax").GetInt32(), argmax);
                var floats = new float[actual.Samples.Length];
                actual.CopySamplesTo(floats);
                Assert.Equal(actual.Samples[^1], floats[^1]);
            }
        }
    }

    [SharedDataFact]
    public void UnknownPacketTypes_AreSkippedByLengthAndCounted()
    {
        // Rewrite the HeaderType of pings 3 and 10 to 3 (attitude) and 99 (unknown): the reader must skip them.
        var bytes = (byte[])Data.Value.Clone();
        bytes[1024 + (4480 * 3) + 2] = 3;
        bytes[1024 + (4480 * 10) + 2] = 99;
        var all = new XtfReader(bytes).ReadAll();
        Assert.Equal(459, all.Pings.Count);
        Assert.Equal(1, all.SkippedPackets[3]);
        Assert.Equal(1, all.SkippedPackets[99]);
        Assert.Equal(bytes.Length, all.EndOffset);
    }

    [SharedDataFact]
    public void EightBitChannels_AreWidened()
    {
        // Declare the port channel 1 byte per sample and ping 0 as carrying only that channel: its 1024 samples
        // are then the first 1024 bytes after the channel header, and the rest of the packet is unused.
        var bytes = (byte[])Data.Value.Clone();
        bytes[256 + 6] = 1;
        bytes[1024 + 4] = 1;
        var packet = new XtfReader(bytes).Packets().First();
        var ping = new XtfReader(bytes).ParseSonarPing(packet);
        var src = Data.Value.AsSpan(1024 + 256 + 64);
        Assert.Single(ping.Channels);
        Assert.Equal(1024, ping.PortSamples.Length);
        for (var i = 0; i < 1024; i++)
        {
            Assert.Equal(src[i], ping.PortSamples[i]);
        }
    }

    [Fact]
    public void Wrong_magic_and_truncated_header_name_the_offset()
    {
        var e1 = Assert.Throws<XtfFormatException>(() => new XtfReader(new byte[100]));
        Assert.Equal(100, e1.Offset);
        var header = new byte[1024 + 20];
        var e2 = Assert.Throws<XtfFormatException>(() => new XtfReader(header));
        Assert.Equal(0, e2.Offset);
        header[0] = 0x7B;
        var reader = new XtfReader(header);
        var e3 = Assert.Throws<XtfFormatException>(() => reader.Packets().ToList());
        Assert.Equal(1024, e3.Offset);
        Assert.Contains("1024", e3.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurd_record_length_throws()
    {
        var bytes = new byte[1024 + 300];
        bytes[0] = 0x7B;
        bytes[1024] = 0xCE;
        bytes[1025] = 0xFA;
        BitConverter.TryWriteBytes(bytes.AsSpan(1024 + 10), uint.MaxValue);
        var e = Assert.Throws<XtfFormatException>(() => new XtfReader(bytes).ReadAll());
        Assert.Equal(1034, e.Offset);
        BitConverter.TryWriteBytes(bytes.AsSpan(1024 + 10), 3u);
        Assert.Throws<XtfFormatException>(() => new XtfReader(bytes).ReadAll());
    }

    [SharedDataFact]
    public void Truncations_ThrowOnlyFormatException()
    {
        var data = Data.Value;
        for (var n = 0; n < Math.Min(20 * 1024, data.Length); n += 97)
        {
            try
            {
                var all = new XtfReader(data.AsMemory(0, n)).ReadAll();
                Assert.Fail($"truncation at {n} parsed ({all.Pings.Count} pings) but cuts a packet");
            }
            catch (XtfFormatException e)
            {
                Assert.InRange(e.Offset, 0, n);
            }
        }
    }

    [SharedDataFact]
    public void RandomCorruptions_ParseOrThrowFormatException()
    {
        var data = Data.Value;
        var rng = new Random(1234);
        var bytes = new byte[data.Length];
        var thrown = 0;
        for (var trial = 0; trial < 2000; trial++)
        {
            data.CopyTo(bytes, 0);
            // Corrupt 1-8 bytes; half the time aim at header regions (file header, first packet headers).
            var k = rng.Next(1, 9);
            for (var j = 0; j < k; j++)
            {
                var pos = rng.Next(2) == 0 ? rng.Next(bytes.Length) : (rng.Next(3) == 0 ? rng.Next(1024) : 1024 + (4480 * rng.Next(461)) + rng.Next(400));
                bytes[pos] = (byte)rng.Next(256);
            }
            try
            {
                new XtfReader(bytes).ReadAll();
            }
            catch (XtfFormatException)
            {
                thrown++;
            }
        }
        Assert.InRange(thrown, 1, 2000);
    }

    private static int[] Ints(JsonElement e)
    {
        var r = new int[e.GetArrayLength()];
        var i = 0;
        foreach (var v in e.EnumerateArray())
        {
            r[i++] = v.GetInt32();
        }
        return r;
    }
}
