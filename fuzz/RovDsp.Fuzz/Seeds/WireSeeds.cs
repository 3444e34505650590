using System.Buffers.Binary;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;

namespace RovDsp.Fuzz.Seeds;

/// <summary>Seeds of the wire target: each message kind from its encoder (small sizes, every format and option), and
/// the real payloads of a recording.</summary>
internal static class WireSeeds
{
    public static IEnumerable<(string, byte[])> Create(string recording)
    {
        var stamp = new MessageStamp(1_800_000_000_000_000_000, 42);
        var wave = Enumerable.Range(0, 64).Select(i => MathF.Sin(i * 0.3f)).ToArray();

        var real = new EchosounderPing
        {
            Stamp = stamp, SampleRateHz = 400_000, CarrierFrequencyHz = 100_000, Format = EchosounderSampleFormat.RealPassband,
            Pulse = EchosounderPulse.Cw(100e-6), SoundSpeedMps = 1500, SampleCount = 64, StartDelayS = 0.001, Re = wave,
        };
        yield return ("echosounder-real-cw", Encode(EchosounderPingCodec.GetEncodedLength(real), d => EchosounderPingCodec.Encode(real, d)));
        var complex = real with
        {
            Format = EchosounderSampleFormat.ComplexBaseband, Pulse = EchosounderPulse.Lfm(90_000, 110_000, 1e-3),
            SoundSpeedMps = double.NaN, SampleCount = 16, Re = wave[..16], Im = wave[16..32],
        };
        yield return ("echosounder-complex-lfm-no-sound-speed", Encode(EchosounderPingCodec.GetEncodedLength(complex), d => EchosounderPingCodec.Encode(complex, d)));

        var bytes = new MultibeamFrame
        {
            Stamp = stamp, BeamCount = 4, BinCount = 8, BearingsRad = [-0.5f, -0.2f, 0.2f, 0.5f], RangeResolutionM = 0.05,
            StartRangeM = 0.5, SoundSpeedMps = 1500, FrequencyHz = 900_000, GainDb = 12, RowGains = [.. Enumerable.Range(1, 8).Select(i => (float)i)],
            ByteSamples = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))],
        };
        yield return ("multibeam-u8-row-gains", Encode(MultibeamFrameCodec.GetEncodedLength(bytes), d => MultibeamFrameCodec.Encode(bytes, d)));
        var floats = new MultibeamFrame
        {
            Stamp = stamp, BeamCount = 3, BinCount = 5, BearingsRad = [-0.1f, 0, 0.1f], RangeResolutionM = 0.1, StartRangeM = 0,
            SoundSpeedMps = 1480, FrequencyHz = 450_000, GainDb = -3, Layout = MultibeamLayout.BeamMajor,
            SampleKind = MultibeamSampleKind.Intensity, FloatSamples = wave[..15],
        };
        yield return ("multibeam-f32-beam-major", Encode(MultibeamFrameCodec.GetEncodedLength(floats), d => MultibeamFrameCodec.Encode(floats, d)));

        var step = new ScanningSonarStep(64)
        {
            Stamp = stamp, AngleGrads = 123, SamplePeriodTicks = 80, TransmitFrequencyKHz = 750, GainSetting = 1, TransmitDurationUs = 80, SampleCount = 32,
        };
        for (var i = 0; i < 32; i++)
        {
            step.Intensities[i] = (byte)(255 - i * 8);
        }

        yield return ("scanning-step", Encode(ScanningSonarStepCodec.GetEncodedLength(step), d => ScanningSonarStepCodec.Encode(step, d)));

        var line = new SideScanLine(16) { Stamp = stamp, SampleIntervalS = 2e-5, FirstSampleDelayS = 1e-4, FrequencyHz = 600_000, AltitudeM = 7.5 };
        line.SetSamples(wave.AsSpan(0, 16), wave.AsSpan(16, 16));
        yield return ("side-scan-line", Encode(SideScanLineCodec.GetEncodedLength(line), d => SideScanLineCodec.Encode(line, d)));
        line.AltitudeM = double.NaN;
        yield return ("side-scan-line-no-altitude", Encode(SideScanLineCodec.GetEncodedLength(line), d => SideScanLineCodec.Encode(line, d)));

        yield return ("slurry-flow", Encode(SlurrySampleCodec.EncodedLength, d => SlurrySampleCodec.Encode(new SlurrySample(stamp, 3, SlurrySensorKind.FlowVelocity, 3.25f), d)));
        yield return ("slurry-pump-current", Encode(SlurrySampleCodec.EncodedLength, d => SlurrySampleCodec.Encode(new SlurrySample(stamp, 65535, SlurrySensorKind.PumpCurrent, -0f), d)));

        // A later minor revision's longer header: a reader skips the extra bytes (WireHeader's contract).
        var slurry = Encode(SlurrySampleCodec.EncodedLength, d => SlurrySampleCodec.Encode(new SlurrySample(stamp, 1, SlurrySensorKind.PressureTop, 2.5e5f), d));
        var extended = new byte[slurry.Length + 4];
        slurry.AsSpan(0, WireHeader.Size).CopyTo(extended);
        BinaryPrimitives.WriteUInt16LittleEndian(extended.AsSpan(4), WireHeader.Size + 4);
        slurry.AsSpan(WireHeader.Size).CopyTo(extended.AsSpan(WireHeader.Size + 4));
        yield return ("slurry-extended-header", extended);

        // Real payloads as the simulator's encoders wrote them into the shipped recording.
        var slice = RecordingSlice.Read(recording, perTopic: 1, maxBytes: 16 * 1024);
        foreach (var (topic, name) in new[] { ("raw/echosounder", "recorded-echosounder"), ("raw/scanning", "recorded-scanning"), ("raw/slurry", "recorded-slurry") })
        {
            if (slice.First(topic) is { } payload)
            {
                yield return (name, payload);
            }
        }
    }

    private static byte[] Encode(int length, Func<byte[], int> encode)
    {
        var buffer = new byte[length];
        var written = encode(buffer);
        return buffer[..written];
    }
}
