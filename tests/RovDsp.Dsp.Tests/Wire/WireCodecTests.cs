using RovDsp.Dsp.Tests.Support;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;

namespace RovDsp.Dsp.Tests.Wire;

public class WireCodecTests
{
    private static readonly MessageStamp Stamp = new(1_799_971_200_123_456_789L, 42);

    [Fact]
    public void Slurry_sample_bytes_match_the_documented_layout()
    {
        // docs/wire-encoding.md, worked example: flow sensor 3, 2.5 m/s, at the stamp above. Expected bytes from
        // Python: struct.pack("<HBBHHqII", 0x5752, 1, 5, 24, 0, ts, 42, 8) + struct.pack("<HBBf", 3, 0, 0, 2.5).
        var bytes = new byte[SlurrySampleCodec.EncodedLength];
        SlurrySampleCodec.Encode(new SlurrySample(Stamp, 3, SlurrySensorKind.FlowVelocity, 2.5f), bytes);
        Assert.Equal(
            "5257" + "01" + "05" + "1800" + "0000" + "15CD4A1545C8FA18" + "2A000000" + "08000000"
            + "0300" + "00" + "00" + "00002040",
            Convert.ToHexString(bytes));
        Assert.Equal(WireError.None, SlurrySampleCodec.TryDecode(bytes, out var back));
        Assert.Equal(new SlurrySample(Stamp, 3, SlurrySensorKind.FlowVelocity, 2.5f), back);
    }

    [Fact]
    public void An_aged_slurry_sample_appends_its_age_and_a_reader_that_ignores_it_still_decodes_it()
    {
        // docs/wire-encoding.md: the worked example aged 1,234 µs. Expected bytes from Python:
        // struct.pack("<HBBHHqII", 0x5752, 1, 5, 24, 0, ts, 42, 12) + struct.pack("<HBBfi", 3, 0, 0, 2.5, 1234).
        var bytes = new byte[SlurrySampleCodec.AgedEncodedLength];
        Assert.Equal(bytes.Length, SlurrySampleCodec.Encode(new SlurrySample(Stamp, 3, SlurrySensorKind.FlowVelocity, 2.5f), 1234, bytes));
        Assert.Equal("525701051800000015CD4A1545C8FA182A0000000C0000000300000000002040D2040000", Convert.ToHexString(bytes));
        Assert.Equal(WireError.None, SlurrySampleCodec.TryDecode(bytes, out var sample, out var age));
        Assert.Equal((new SlurrySample(Stamp, 3, SlurrySensorKind.FlowVelocity, 2.5f), 1234L), (sample, age));
        Assert.Equal(WireError.None, SlurrySampleCodec.TryDecode(bytes, out var plain));
        Assert.Equal(sample, plain);

        // A plain sample has no age; a negative one is refused.
        var old = new byte[SlurrySampleCodec.EncodedLength];
        SlurrySampleCodec.Encode(sample, old);
        Assert.Equal(WireError.None, SlurrySampleCodec.TryDecode(old, out _, out var none));
        Assert.Equal(-1, none);
        bytes[^1] = 0x80;
        Assert.Equal(WireError.BadField, SlurrySampleCodec.TryDecode(bytes, out _, out _));
    }

    [Fact]
    public void Echosounder_ping_round_trips_in_both_formats()
    {
        var codec = new EchosounderPingCodec(4096);
        foreach (var format in new[] { EchosounderSampleFormat.RealPassband, EchosounderSampleFormat.ComplexBaseband })
        {
            var re = Enumerable.Range(0, 1000).Select(i => MathF.Sin(i * 0.1f)).ToArray();
            var im = Enumerable.Range(0, 1000).Select(i => MathF.Cos(i * 0.1f)).ToArray();
            var ping = new EchosounderPing
            {
                Stamp = Stamp,
                SampleRateHz = 50_000,
                CarrierFrequencyHz = 200_000,
                Format = format,
                Pulse = EchosounderPulse.Lfm(190_000, 210_000, 1e-3),
                SoundSpeedMps = double.NaN,
                SampleCount = 1000,
                StartDelayS = 0.001,
                Re = re,
                Im = format == EchosounderSampleFormat.ComplexBaseband ? im : ReadOnlyMemory<float>.Empty,
            };
            var bytes = new byte[EchosounderPingCodec.GetEncodedLength(ping)];
            Assert.Equal(bytes.Length, EchosounderPingCodec.Encode(ping, bytes));
            Assert.Equal(WireError.None, codec.TryDecode(bytes, out var back));
            Assert.Equal(ping.Stamp, back.Stamp);
            Assert.Equal(ping.Pulse, back.Pulse);
            Assert.True(double.IsNaN(back.SoundSpeedMps));
            Assert.Equal(re, back.Re.ToArray());
            Assert.Equal(format == EchosounderSampleFormat.ComplexBaseband ? im : [], back.Im.ToArray());
            AssertRobust(bytes, b => codec.TryDecode(b, out _));
        }
    }

    [Fact]
    public void Multibeam_frame_round_trips_bytes_and_floats_and_row_gains()
    {
        var codec = new MultibeamFrameCodec(512, 1024);
        var frame = new MultibeamFrame
        {
            Stamp = Stamp,
            BeamCount = 16,
            BinCount = 30,
            BearingsRad = Enumerable.Range(0, 16).Select(i => -1f + i * 0.1f).ToArray(),
            RangeResolutionM = 0.02,
            StartRangeM = 0.1,
            SoundSpeedMps = 1555,
            FrequencyHz = 750_000,
            GainDb = 6,
            RowGains = Enumerable.Range(0, 30).Select(i => 1f + i).ToArray(),
            ByteSamples = Enumerable.Range(0, 480).Select(i => (byte)i).ToArray(),
        };
        var bytes = new byte[MultibeamFrameCodec.GetEncodedLength(frame)];
        MultibeamFrameCodec.Encode(frame, bytes);
        Assert.Equal(WireError.None, codec.TryDecode(bytes, out var back));
        Assert.Equal(frame.ByteSamples, back!.ByteSamples.AsSpan(0, 480).ToArray());
        Assert.Equal(frame.RowGains, back.RowGains.AsSpan(0, 30).ToArray());
        Assert.Equal(frame.BearingsRad, back.BearingsRad.AsSpan(0, 16).ToArray());
        Assert.Empty(back.FloatSamples);
        AssertRobust(bytes, b => codec.TryDecode(b, out _));

        frame.ByteSamples = [];
        frame.RowGains = [];
        frame.FloatSamples = Enumerable.Range(0, 480).Select(i => i * 0.5f).ToArray();
        bytes = new byte[MultibeamFrameCodec.GetEncodedLength(frame)];
        MultibeamFrameCodec.Encode(frame, bytes);
        Assert.Equal(WireError.None, codec.TryDecode(bytes, out back));
        Assert.Equal(frame.FloatSamples, back!.FloatSamples.AsSpan(0, 480).ToArray());
        Assert.Empty(back.ByteSamples);
        Assert.Empty(back.RowGains);

        frame.FloatSamples[7] = float.NaN;
        MultibeamFrameCodec.Encode(frame, bytes);
        Assert.Equal(WireError.NonFinite, codec.TryDecode(bytes, out _));
    }

    [Fact]
    public void Scanning_step_and_side_scan_line_round_trip()
    {
        var step = new ScanningSonarStep(1200)
        {
            Stamp = Stamp, AngleGrads = 399, SamplePeriodTicks = 80, TransmitFrequencyKHz = 740, GainSetting = 1,
            TransmitDurationUs = 32, SampleCount = 1200,
        };
        new Random(1).NextBytes(step.Intensities);
        var stepCodec = new ScanningSonarStepCodec(1200);
        var bytes = new byte[ScanningSonarStepCodec.GetEncodedLength(step)];
        ScanningSonarStepCodec.Encode(step, bytes);
        Assert.Equal(WireError.None, stepCodec.TryDecode(bytes, out var stepBack));
        Assert.Equal(step.Intensities, stepBack!.Intensities);
        Assert.Equal((ushort)399, stepBack.AngleGrads);
        AssertRobust(bytes, b => stepCodec.TryDecode(b, out _));
        bytes[WireHeader.Size] = 0x90; // angle 400 + ...: out of 0–399
        bytes[WireHeader.Size + 1] = 0x01;
        Assert.Equal(WireError.BadField, stepCodec.TryDecode(bytes, out _));

        var line = new SideScanLine(512) { Stamp = Stamp, SampleIntervalS = 2e-5, FirstSampleDelayS = 0, SoundSpeedMps = 1500, FrequencyHz = 600_000 };
        line.SetSamples(Enumerable.Range(0, 300).Select(i => (float)i).ToArray(), Enumerable.Range(0, 300).Select(i => (float)-i).ToArray());
        var lineCodec = new SideScanLineCodec(512);
        bytes = new byte[SideScanLineCodec.GetEncodedLength(line)];
        SideScanLineCodec.Encode(line, bytes);
        Assert.Equal(WireError.None, lineCodec.TryDecode(bytes, out var lineBack));
        Assert.Equal(line.Port.AsSpan(0, 300).ToArray(), lineBack!.Port.AsSpan(0, 300).ToArray());
        Assert.Equal(line.Starboard.AsSpan(0, 300).ToArray(), lineBack.Starboard.AsSpan(0, 300).ToArray());
        Assert.True(double.IsNaN(lineBack.AltitudeM));
        AssertRobust(bytes, b => lineCodec.TryDecode(b, out _));
    }

    [Fact]
    public void Header_refusals_have_their_reasons()
    {
        var bytes = new byte[SlurrySampleCodec.EncodedLength];
        SlurrySampleCodec.Encode(new SlurrySample(Stamp, 1, SlurrySensorKind.PumpSpeed, 900), bytes);
        var codec = new EchosounderPingCodec(16);
        Assert.Equal(WireError.WrongKind, codec.TryDecode(bytes, out _));

        var v2 = (byte[])bytes.Clone();
        v2[2] = 2;
        Assert.Equal(WireError.UnsupportedVersion, SlurrySampleCodec.TryDecode(v2, out _));
        var magic = (byte[])bytes.Clone();
        magic[0] = (byte)'X';
        Assert.Equal(WireError.BadMagic, SlurrySampleCodec.TryDecode(magic, out _));
        Assert.Equal(WireError.Oversized, SlurrySampleCodec.TryDecode([.. bytes, 0], out _));
        var huge = (byte[])bytes.Clone();
        huge[23] = 0x7F; // body length ~2 GB
        Assert.Equal(WireError.Oversized, SlurrySampleCodec.TryDecode(huge, out _));
        var inf = new byte[SlurrySampleCodec.EncodedLength];
        SlurrySampleCodec.Encode(new SlurrySample(Stamp, 1, SlurrySensorKind.PumpSpeed, float.PositiveInfinity), inf);
        Assert.Equal(WireError.NonFinite, SlurrySampleCodec.TryDecode(inf, out _));
        var nan = new byte[SlurrySampleCodec.EncodedLength];
        SlurrySampleCodec.Encode(new SlurrySample(Stamp, 1, SlurrySensorKind.PumpSpeed, float.NaN), nan);
        Assert.Equal(WireError.None, SlurrySampleCodec.TryDecode(nan, out var s));
        Assert.True(float.IsNaN(s.Value));
    }

    [Fact]
    public void Decoding_allocates_nothing()
    {
        var codec = new MultibeamFrameCodec(256, 703);
        var frame = new MultibeamFrame
        {
            Stamp = Stamp, BeamCount = 256, BinCount = 703, BearingsRad = Enumerable.Range(0, 256).Select(i => i * 0.01f).ToArray(),
            RangeResolutionM = 0.02, StartRangeM = 0, SoundSpeedMps = 1555, FrequencyHz = 750_000, ByteSamples = new byte[256 * 703],
        };
        var bytes = new byte[MultibeamFrameCodec.GetEncodedLength(frame)];
        MultibeamFrameCodec.Encode(frame, bytes);
        codec.TryDecode(bytes, out _);
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                codec.TryDecode(bytes, out _);
            }

        });
    }

    /// <summary>Every truncation is refused as Truncated, and no prefix, bit flip or byte splice throws.</summary>
    private static void AssertRobust(byte[] bytes, Func<byte[], WireError> decode)
    {
        for (var n = 0; n < bytes.Length; n += Math.Max(1, bytes.Length / 200))
        {
            var e = decode(bytes[..n]);
            Assert.True(e is WireError.Truncated or WireError.BadMagic, $"prefix {n}: {e}");
        }

        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var mutated = (byte[])bytes.Clone();
            mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            _ = decode(mutated);
        }
    }
}
