using System.Runtime.InteropServices;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;

namespace RovDsp.Fuzz.Targets.Wire;

/// <summary>
/// The raw-sensor wire codecs (src/Dsp/Wire): every input goes through <see cref="WireHeader.TryRead"/> and all five
/// decoders, as the feed handlers receive it from any client. Invariants: no decoder throws; a refusal leaves its output
/// empty; the header's body is exactly what it declares; and whatever decodes survives encode → decode unchanged
/// (compared bit for bit, so a NaN sound speed or a −0 sample must come back as it went).
/// </summary>
public sealed class WireTarget : IFuzzTarget
{
    // Small limits so the fuzzer reaches the "more than this decoder accepts" branches, as a bridge configured with
    // small limits would; the paths are the same as with the defaults.
    private const int MaxSamples = 4096;
    private const int MaxBeams = 64;
    private const int MaxBins = 256;

    private readonly EchosounderPingCodec _echo = new(MaxSamples);
    private readonly EchosounderPingCodec _echoAgain = new(MaxSamples);
    private readonly MultibeamFrameCodec _multibeam = new(MaxBeams, MaxBins);
    private readonly MultibeamFrameCodec _multibeamAgain = new(MaxBeams, MaxBins);
    private readonly ScanningSonarStepCodec _scanning = new(MaxSamples);
    private readonly ScanningSonarStepCodec _scanningAgain = new(MaxSamples);
    private readonly SideScanLineCodec _sideScan = new(MaxSamples);
    private readonly SideScanLineCodec _sideScanAgain = new(MaxSamples);

    /// <inheritdoc />
    public string Name => "wire";

    /// <summary>How many of the five decoders accepted the last input (the corpus test checks each seed is valid).</summary>
    public int Decoded { get; private set; }

    /// <inheritdoc />
    public void Run(ReadOnlySpan<byte> input)
    {
        Decoded = 0;
        CheckHeader(input);
        CheckEchosounder(input);
        CheckMultibeam(input);
        CheckScanningSonar(input);
        CheckSideScan(input);
        CheckSlurry(input);
    }

    private static void CheckHeader(ReadOnlySpan<byte> input)
    {
        var error = WireHeader.TryRead(input, out var header, out var body);
        if (error == WireError.None)
        {
            Require(body.Length == header.BodyLength && header.BodyLength <= WireHeader.MaxBodyLength,
                $"header: body of {body.Length} bytes for a declared {header.BodyLength}");
            Require(Enum.IsDefined(header.Kind), $"header: accepted unknown kind {(byte)header.Kind}");
        }
        else
        {
            Require(Enum.IsDefined(error), $"header: undefined error {(int)error}");
            Require(header == default && body.IsEmpty, "header: a refused header left output behind");
        }
    }

    private void CheckEchosounder(ReadOnlySpan<byte> input)
    {
        if (_echo.TryDecode(input, out var ping) is var error && error != WireError.None)
        {
            Require(ping.SampleCount == 0 && ping.Re.IsEmpty, $"echosounder: refused ({error}) but left a ping behind");
            return;
        }

        var encoded = new byte[EchosounderPingCodec.GetEncodedLength(ping)];
        Require(EchosounderPingCodec.Encode(ping, encoded) == encoded.Length, "echosounder: encoded length differs from GetEncodedLength");
        var again = _echoAgain.TryDecode(encoded, out var back);
        Require(again == WireError.None, $"echosounder: a decoded ping re-encoded is refused ({again})");
        Require(ping.Stamp == back.Stamp && Same(ping.SampleRateHz, back.SampleRateHz) && Same(ping.CarrierFrequencyHz, back.CarrierFrequencyHz)
                && ping.Format == back.Format && ping.Pulse.Shape == back.Pulse.Shape
                && Same(ping.Pulse.StartFrequencyHz, back.Pulse.StartFrequencyHz) && Same(ping.Pulse.EndFrequencyHz, back.Pulse.EndFrequencyHz)
                && Same(ping.Pulse.DurationS, back.Pulse.DurationS) && Same(ping.SoundSpeedMps, back.SoundSpeedMps)
                && Same(ping.StartDelayS, back.StartDelayS) && ping.SampleCount == back.SampleCount
                && Same(ping.Re.Span, back.Re.Span) && Same(ping.Im.Span, back.Im.Span),
            "echosounder: the ping changed through encode → decode");
        Decoded++;
    }

    private void CheckMultibeam(ReadOnlySpan<byte> input)
    {
        if (_multibeam.TryDecode(input, out var frame) is var error && error != WireError.None)
        {
            Require(frame is null, $"multibeam: refused ({error}) but left a frame behind");
            return;
        }

        var f = frame!;
        var encoded = new byte[MultibeamFrameCodec.GetEncodedLength(f)];
        Require(MultibeamFrameCodec.Encode(f, encoded) == encoded.Length, "multibeam: encoded length differs from GetEncodedLength");
        var again = _multibeamAgain.TryDecode(encoded, out var back);
        Require(again == WireError.None && back is not null, $"multibeam: a decoded frame re-encoded is refused ({again})");
        var cells = f.BeamCount * f.BinCount;
        Require(f.Stamp == back!.Stamp && f.BeamCount == back.BeamCount && f.BinCount == back.BinCount
                && Same(f.RangeResolutionM, back.RangeResolutionM) && Same(f.StartRangeM, back.StartRangeM)
                && Same(f.SoundSpeedMps, back.SoundSpeedMps) && Same(f.FrequencyHz, back.FrequencyHz) && Same(f.GainDb, back.GainDb)
                && f.Layout == back.Layout && f.SampleKind == back.SampleKind
                && Same(f.BearingsRad.AsSpan(0, f.BeamCount), back.BearingsRad.AsSpan(0, back.BeamCount))
                && Same(Prefix(f.RowGains, f.BinCount), Prefix(back.RowGains, back.BinCount))
                && Prefix(f.ByteSamples, cells).SequenceEqual(Prefix(back.ByteSamples, cells))
                && Same(Prefix(f.FloatSamples, cells), Prefix(back.FloatSamples, cells)),
            "multibeam: the frame changed through encode → decode");
        Decoded++;
    }

    private void CheckScanningSonar(ReadOnlySpan<byte> input)
    {
        if (_scanning.TryDecode(input, out var step) is var error && error != WireError.None)
        {
            Require(step is null, $"scanning sonar: refused ({error}) but left a step behind");
            return;
        }

        var s = step!;
        var encoded = new byte[ScanningSonarStepCodec.GetEncodedLength(s)];
        Require(ScanningSonarStepCodec.Encode(s, encoded) == encoded.Length, "scanning sonar: encoded length differs from GetEncodedLength");
        var again = _scanningAgain.TryDecode(encoded, out var back);
        Require(again == WireError.None && back is not null, $"scanning sonar: a decoded step re-encoded is refused ({again})");
        Require(s.Stamp == back!.Stamp && s.AngleGrads == back.AngleGrads && s.SamplePeriodTicks == back.SamplePeriodTicks
                && s.TransmitFrequencyKHz == back.TransmitFrequencyKHz && s.GainSetting == back.GainSetting
                && s.TransmitDurationUs == back.TransmitDurationUs && s.SampleCount == back.SampleCount
                && s.Intensities.AsSpan(0, s.SampleCount).SequenceEqual(back.Intensities.AsSpan(0, back.SampleCount)),
            "scanning sonar: the step changed through encode → decode");
        Decoded++;
    }

    private void CheckSideScan(ReadOnlySpan<byte> input)
    {
        if (_sideScan.TryDecode(input, out var line) is var error && error != WireError.None)
        {
            Require(line is null, $"side-scan: refused ({error}) but left a line behind");
            return;
        }

        var l = line!;
        var encoded = new byte[SideScanLineCodec.GetEncodedLength(l)];
        Require(SideScanLineCodec.Encode(l, encoded) == encoded.Length, "side-scan: encoded length differs from GetEncodedLength");
        var again = _sideScanAgain.TryDecode(encoded, out var back);
        Require(again == WireError.None && back is not null, $"side-scan: a decoded line re-encoded is refused ({again})");
        Require(l.Stamp == back!.Stamp && l.SampleCount == back.SampleCount && Same(l.SampleIntervalS, back.SampleIntervalS)
                && Same(l.FirstSampleDelayS, back.FirstSampleDelayS) && Same(l.SoundSpeedMps, back.SoundSpeedMps)
                && Same(l.FrequencyHz, back.FrequencyHz) && Same(l.AltitudeM, back.AltitudeM)
                && Same(l.Port.AsSpan(0, l.SampleCount), back.Port.AsSpan(0, back.SampleCount))
                && Same(l.Starboard.AsSpan(0, l.SampleCount), back.Starboard.AsSpan(0, back.SampleCount)),
            "side-scan: the line changed through encode → decode");
        Decoded++;
    }

    private void CheckSlurry(ReadOnlySpan<byte> input)
    {
        if (SlurrySampleCodec.TryDecode(input, out var sample) is var error && error != WireError.None)
        {
            Require(sample == default, $"slurry: refused ({error}) but left a sample behind");
            return;
        }

        var encoded = new byte[SlurrySampleCodec.EncodedLength];
        Require(SlurrySampleCodec.Encode(sample, encoded) == encoded.Length, "slurry: encoded length differs from EncodedLength");
        var again = SlurrySampleCodec.TryDecode(encoded, out var back);
        Require(again == WireError.None, $"slurry: a decoded sample re-encoded is refused ({again})");
        Require(sample.Stamp == back.Stamp && sample.SensorId == back.SensorId && sample.Kind == back.Kind
                && BitConverter.SingleToInt32Bits(sample.Value) == BitConverter.SingleToInt32Bits(back.Value)
                && Enum.IsDefined(back.Kind),
            "slurry: the sample changed through encode → decode");
        // An aged sample (trailing age µs) keeps its age through encode → decode too.
        Require(SlurrySampleCodec.TryDecode(input, out var aged, out var ageUs) == WireError.None && aged == sample,
            "slurry: the age-reading decoder disagrees with the plain one");
        if (ageUs >= 0)
        {
            var agedBytes = new byte[SlurrySampleCodec.AgedEncodedLength];
            SlurrySampleCodec.Encode(sample, ageUs, agedBytes);
            Require(SlurrySampleCodec.TryDecode(agedBytes, out _, out var ageBack) == WireError.None && ageBack == ageUs,
                "slurry: the age changed through encode → decode");
        }

        Decoded++;
    }

    private static ReadOnlySpan<T> Prefix<T>(T[]? array, int length) =>
        array is null || array.Length == 0 ? [] : array.AsSpan(0, length);

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static bool Same(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b));

    private static void Require(bool condition, string finding)
    {
        if (!condition)
        {
            throw new FuzzFindingException(finding);
        }
    }
}
