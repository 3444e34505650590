using System.Text.Json;
using RovDsp.Dsp.Formats.Oculus;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Formats.Oculus;

public class OculusReaderTests
{
    private static readonly Lazy<byte[]> One = new(() => SharedData.Read("oculus/one_ping_8bit.raw"));
    private static readonly Lazy<byte[]> Three = new(() => SharedData.Read("oculus/three_pings_8bit.raw"));

    [SharedDataFact]
    public void OnePing_MatchesDocumentedValues()
    {
        var ping = OculusSimplePingResult.Parse(One.Value);
        Assert.Equal(0x4F53, ping.Header.OculusId);
        Assert.Equal(0x23, ping.Header.MessageId);
        Assert.Equal(0, ping.Header.MessageVersion);
        Assert.Equal(182000u, ping.Header.PayloadSize);
        Assert.Equal(256, ping.BeamCount);
        Assert.Equal(703, ping.RangeCount);
        Assert.Equal(2048u, ping.ImageOffset);
        Assert.Equal(703u * 256u, ping.ImageSize);
        Assert.Equal(182016u, ping.MessageSize);
        Assert.Equal(OculusDataSize.Bits8, ping.DataSize);
        Assert.Equal(2.0, ping.Fire.Range);
        Assert.False(ping.Fire.GainSent);
        Assert.Empty(ping.RowGains);
        Assert.InRange(ping.Frequency, 2.0e6, 2.2e6); // "about 2.1 MHz"
        // 703 rows of rangeResolution cover the 2 m range (to within one row).
        Assert.InRange(ping.RangeCount * ping.RangeResolution, 2.0 - ping.RangeResolution, 2.0 + ping.RangeResolution);
        Assert.Equal(-30.0, ping.BearingDegrees(0), 1e-12);
        Assert.Equal(30.0, ping.BearingDegrees(255), 1e-12);
        for (var b = 1; b < ping.BeamCount; b++)
        {
            Assert.True(ping.Bearings[b] > ping.Bearings[b - 1], $"bearing {b} not increasing");
            Assert.InRange(ping.BearingDegrees(b), -30.0, 30.0);
        }
    }

    [SharedDataFact]
    public void ThreePings_SplitAndMatchNumpyReading()
    {
        var data = Three.Value;
        var split = OculusStreamSplitter.Split(data);
        Assert.Equal(3, split.Messages.Count);
        Assert.Equal(0, split.SkippedBytes);
        Assert.Equal(data.Length, split.RemainderOffset);
        var expected = Fixture.Load("oculus.json").GetProperty("pings").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, split.Messages.Count);
        var image = new float[703 * 256];
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var msg = split.Messages[i];
            Assert.Equal(e.GetProperty("offset").GetInt64(), msg.Offset);
            var ping = OculusSimplePingResult.Parse(msg.Bytes.Span, msg.Offset);
            var f = e.GetProperty("fields");
            // Exact comparisons: both sides decode the same IEEE bytes.
            Assert.Equal(f.GetProperty("ping_id").GetUInt32(), ping.PingId);
            Assert.Equal(f.GetProperty("ping_start_time").GetUInt32(), ping.PingStartTime);
            Assert.Equal(f.GetProperty("frequency").GetDouble(), ping.Frequency);
            Assert.Equal(f.GetProperty("sos_used").GetDouble(), ping.SpeedOfSoundUsed);
            Assert.Equal(f.GetProperty("speed_of_sound").GetDouble(), ping.Fire.SpeedOfSound);
            Assert.Equal(f.GetProperty("gain_percent").GetDouble(), ping.Fire.GainPercent);
            Assert.Equal(f.GetProperty("flags").GetInt32(), ping.Fire.Flags);
            Assert.Equal(f.GetProperty("range_resolution").GetDouble(), ping.RangeResolution);
            Assert.Equal(f.GetProperty("src").GetInt32(), ping.Header.SrcDeviceId);
            Assert.Equal(e.GetProperty("bearing_first").GetInt32(), ping.Bearings[0]);
            Assert.Equal(e.GetProperty("bearing_last").GetInt32(), ping.Bearings[^1]);
            long bsum = 0;
            foreach (var b in ping.Bearings)
            {
                bsum += b;
            }
            Assert.Equal(e.GetProperty("bearing_sum").GetInt64(), bsum);
            ping.CopyImageTo(image);
            double isum = 0;
            foreach (var v in image)
            {
                isum += v;
            }
            Assert.Equal(e.GetProperty("image_sum").GetInt64(), (long)isum); // integers < 2^53: exact
            var r = Ints(e.GetProperty("sample_range"));
            var bm = Ints(e.GetProperty("sample_beam"));
            var val = Ints(e.GetProperty("sample_value"));
            for (var k = 0; k < r.Length; k++)
            {
                Assert.Equal((uint)val[k], ping.Sample(r[k], bm[k]));
                Assert.Equal(val[k], image[(r[k] * 256) + bm[k]]);
            }
        }
    }

    [SharedDataFact]
    public void Splitter_ResynchronisesAfterGarbage_AndKeepsIncompleteTail()
    {
        var ping = One.Value;
        // Garbage with a lone 0x53 and a false oculusId whose payloadSize (0x7FFFFFFF) exceeds the plausible bound.
        // A false oculusId with a small payloadSize would be taken as a message: resync checks only id and size.
        var garbage = new byte[] { 1, 2, 0x53, 3, 0x53, 0x4F, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 9 };
        var buffer = new List<byte>();
        buffer.AddRange(garbage);
        buffer.AddRange(ping);
        buffer.AddRange(garbage);
        buffer.AddRange(ping);
        buffer.AddRange(ping.AsSpan(0, 1000).ToArray());
        var data = buffer.ToArray();
        var split = OculusStreamSplitter.Split(data);
        Assert.Equal(2, split.Messages.Count);
        Assert.Equal(garbage.Length, split.Messages[0].Offset);
        Assert.Equal((2L * garbage.Length) + ping.Length, split.Messages[1].Offset);
        Assert.Equal(2L * garbage.Length, split.SkippedBytes);
        Assert.Equal(data.Length - 1000, split.RemainderOffset);
        Assert.Equal(415323u, OculusSimplePingResult.Parse(split.Messages[1].Bytes.Span).PingId);
    }

    [SharedDataFact]
    public void SixteenBitAndGainVariants_AreDecoded()
    {
        // Rewrite the one ping as 16-bit with per-row gains: 703 rows of (4-byte gain + 256 × u16).
        var src = OculusSimplePingResult.Parse(One.Value);
        const int nb = 256, nr = 703, stride = 4 + (2 * nb);
        var msg = new byte[2048 + (nr * stride)];
        One.Value.AsSpan(0, 2048).CopyTo(msg);
        BitConverter.TryWriteBytes(msg.AsSpan(10), (uint)(msg.Length - 16));
        msg[16 + 4] |= OculusSimpleFireMessage.FlagGainSent;
        msg[16 + 37 + 44] = 1; // dataSize 16-bit
        BitConverter.TryWriteBytes(msg.AsSpan(16 + 37 + 61), (uint)(nr * stride));
        for (var r = 0; r < nr; r++)
        {
            BitConverter.TryWriteBytes(msg.AsSpan(2048 + (r * stride)), 1.5f + r);
            for (var b = 0; b < nb; b++)
            {
                BitConverter.TryWriteBytes(msg.AsSpan(2048 + (r * stride) + 4 + (2 * b)), (ushort)(src.Sample(r, b) * 257));
            }
        }
        var ping = OculusSimplePingResult.Parse(msg);
        Assert.Equal(OculusDataSize.Bits16, ping.DataSize);
        Assert.Equal(nr, ping.RowGains.Count);
        Assert.Equal(1.5f + 700, ping.RowGains[700]);
        Assert.Equal(src.Sample(5, 7) * 257, ping.Sample(5, 7));
        Assert.Equal(src.Sample(702, 255) * 257, ping.Sample(702, 255));
    }

    [Fact]
    public void Bad_headers_throw_with_offset()
    {
        var e1 = Assert.Throws<OculusFormatException>(() => OculusSimplePingResult.Parse(new byte[10], 100));
        Assert.Equal(110, e1.Offset);
        var e2 = Assert.Throws<OculusFormatException>(() => OculusSimplePingResult.Parse(new byte[200]));
        Assert.Equal(0, e2.Offset);
        var msg = new byte[200];
        msg[0] = 0x53;
        msg[1] = 0x4F;
        msg[6] = 0x23;
        BitConverter.TryWriteBytes(msg.AsSpan(10), 4_000_000_000u);
        var e3 = Assert.Throws<OculusFormatException>(() => OculusSimplePingResult.Parse(msg));
        Assert.Equal(10, e3.Offset);
        msg[6] = 0x22;
        var e4 = Assert.Throws<OculusFormatException>(() => OculusSimplePingResult.Parse(msg));
        Assert.Equal(6, e4.Offset);
    }

    [SharedDataFact]
    public void Truncations_ThrowOnlyFormatException()
    {
        var data = One.Value;
        for (var n = 0; n < 20 * 1024; n += 97)
        {
            var e = Assert.Throws<OculusFormatException>(() => OculusSimplePingResult.Parse(data.AsSpan(0, n)));
            Assert.InRange(e.Offset, 0, n);
            var split = OculusStreamSplitter.Split(data.AsMemory(0, n));
            Assert.Empty(split.Messages);
        }
    }

    [SharedDataFact]
    public void RandomCorruptions_ParseOrThrowFormatException()
    {
        var data = Three.Value;
        var rng = new Random(4321);
        var bytes = new byte[data.Length];
        var thrown = 0;
        for (var trial = 0; trial < 2000; trial++)
        {
            data.CopyTo(bytes, 0);
            var k = rng.Next(1, 9);
            for (var j = 0; j < k; j++)
            {
                // Half the corruptions hit the headers and ping fields (the first 700 bytes of a message).
                var pos = rng.Next(2) == 0 ? rng.Next(bytes.Length) : (182016 * rng.Next(3)) + rng.Next(700);
                bytes[pos] = (byte)rng.Next(256);
            }
            var split = OculusStreamSplitter.Split(bytes);
            Assert.InRange(split.RemainderOffset, 0, bytes.Length);
            foreach (var m in split.Messages)
            {
                try
                {
                    var p = OculusSimplePingResult.Parse(m.Bytes.Span, m.Offset);
                    if (p.RangeCount > 0 && p.BeamCount > 0)
                    {
                        _ = p.Sample(p.RangeCount - 1, p.BeamCount - 1);
                    }
                }
                catch (OculusFormatException)
                {
                    thrown++;
                }
            }
        }
        Assert.InRange(thrown, 1, 6000);
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
