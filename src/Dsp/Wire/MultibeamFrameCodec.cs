using RovDsp.Dsp.Pipelines.Multibeam;

namespace RovDsp.Dsp.Wire;

/// <summary>
/// Wire encoding of <see cref="MultibeamFrame"/> (kind 2). Body, little-endian: <c>i32 beams</c>, <c>i32 bins</c>,
/// <c>f64 range resolution m</c>, <c>f64 start range m</c>, <c>f64 sound speed m/s</c>, <c>f64 frequency Hz</c>,
/// <c>f64 device gain dB</c>, <c>u8 layout</c> (0 range-major, 1 beam-major), <c>u8 sample kind</c> (0 amplitude,
/// 1 intensity), <c>u8 sample type</c> (0 u8, 1 f32), <c>u8 row gains present</c>, then <c>f32[beams]</c>
/// bearings (rad), <c>f32[bins]</c> row gains if present, and the <c>beams × bins</c> samples. The decoder
/// reuses one frame object and its arrays; sizes up to the limits given at construction.
/// </summary>
public sealed class MultibeamFrameCodec
{
    private const int FixedBody = 4 + 4 + 5 * 8 + 4;
    private readonly MultibeamFrame _frame = new();
    private readonly float[] _bearings;
    private readonly float[] _rowGains;
    private readonly byte[] _bytes;
    private readonly float[] _floats;
    private readonly int _maxBeams;
    private readonly int _maxBins;

    /// <summary>Creates a decoder for frames of up to <paramref name="maxBeams"/> × <paramref name="maxBins"/>.</summary>
    public MultibeamFrameCodec(int maxBeams = 1024, int maxBins = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBeams, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 1);
        _maxBeams = maxBeams;
        _maxBins = maxBins;
        _bearings = new float[maxBeams];
        _rowGains = new float[maxBins];
        _bytes = new byte[maxBeams * maxBins];
        _floats = new float[maxBeams * maxBins];
    }

    private static bool UsesBytes(MultibeamFrame frame) => frame.ByteSamples is { Length: > 0 };

    /// <summary>Bytes needed to encode <paramref name="frame"/>, header included.</summary>
    public static int GetEncodedLength(MultibeamFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var cells = frame.BeamCount * frame.BinCount;
        var rowGains = frame.RowGains is { Length: > 0 } ? frame.BinCount * sizeof(float) : 0;
        return WireHeader.Size + FixedBody + frame.BeamCount * sizeof(float) + rowGains
               + cells * (UsesBytes(frame) ? 1 : sizeof(float));
    }

    /// <summary>Encodes <paramref name="frame"/>; returns the bytes written.</summary>
    public static int Encode(MultibeamFrame frame, Span<byte> destination)
    {
        var length = GetEncodedLength(frame);
        if (destination.Length < length)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; the frame needs {length}", nameof(destination));
        }

        var cells = frame.BeamCount * frame.BinCount;
        var hasGains = frame.RowGains is { Length: > 0 };
        new WireHeader(WireKind.MultibeamFrame, frame.Stamp, length - WireHeader.Size).Write(destination);
        var w = new WireBodyWriter(destination[WireHeader.Size..]);
        w.I32(frame.BeamCount);
        w.I32(frame.BinCount);
        w.F64(frame.RangeResolutionM);
        w.F64(frame.StartRangeM);
        w.F64(frame.SoundSpeedMps);
        w.F64(frame.FrequencyHz);
        w.F64(frame.GainDb);
        w.U8((byte)frame.Layout);
        w.U8((byte)frame.SampleKind);
        w.U8(UsesBytes(frame) ? (byte)0 : (byte)1);
        w.U8(hasGains ? (byte)1 : (byte)0);
        w.F32Array(frame.BearingsRad.AsSpan(0, frame.BeamCount));
        if (hasGains)
        {
            w.F32Array(frame.RowGains.AsSpan(0, frame.BinCount));
        }

        if (UsesBytes(frame))
        {
            w.Bytes(frame.ByteSamples.AsSpan(0, cells));
        }
        else
        {
            w.F32Array(frame.FloatSamples.AsSpan(0, cells));
        }

        return length;
    }

    /// <summary>Decodes <paramref name="payload"/> into this decoder's frame (valid until the next decode).</summary>
    public WireError TryDecode(ReadOnlySpan<byte> payload, out MultibeamFrame? frame)
    {
        frame = null;
        var error = WireHeader.TryRead(payload, out var header, out var body);
        if (error != WireError.None)
        {
            return error;
        }

        if (header.Kind != WireKind.MultibeamFrame)
        {
            return WireError.WrongKind;
        }

        var r = new WireBodyReader(body);
        if (!(r.I32(out var beams) && r.I32(out var bins) && r.F64(out var resolution) && r.F64(out var start)
              && r.F64(out var soundSpeed) && r.F64(out var frequency) && r.F64(out var gain) && r.U8(out var layout)
              && r.U8(out var kind) && r.U8(out var type) && r.U8(out var hasGains)))
        {
            return WireError.Truncated;
        }

        if (beams < 1 || bins < 1 || layout > 1 || kind > 1 || type > 1 || hasGains > 1)
        {
            return WireError.BadField;
        }

        if (beams > _maxBeams || bins > _maxBins)
        {
            return WireError.Oversized;
        }

        if (!double.IsFinite(resolution) || !double.IsFinite(start) || !double.IsFinite(soundSpeed)
            || !double.IsFinite(frequency) || !double.IsFinite(gain))
        {
            return WireError.NonFinite;
        }

        if (!WireValidation.Positive(resolution) || start < 0 || !WireValidation.Positive(soundSpeed) || !WireValidation.Positive(frequency))
        {
            return WireError.BadField;
        }

        var cells = beams * bins;
        long expected = (long)beams * sizeof(float) + (hasGains == 1 ? bins * sizeof(float) : 0) + (long)cells * (type == 0 ? 1 : sizeof(float));
        if (r.Remaining < expected)
        {
            return WireError.Truncated;
        }

        if (r.Remaining > expected)
        {
            return WireError.Oversized;
        }

        r.F32Array(_bearings.AsSpan(0, beams));
        if (hasGains == 1)
        {
            r.F32Array(_rowGains.AsSpan(0, bins));
        }

        if (type == 0)
        {
            r.Bytes(_bytes.AsSpan(0, cells));
        }
        else
        {
            r.F32Array(_floats.AsSpan(0, cells));
        }

        if (!WireValidation.AllFinite(_bearings.AsSpan(0, beams))
            || (hasGains == 1 && !WireValidation.AllFinite(_rowGains.AsSpan(0, bins)))
            || (type == 1 && !WireValidation.AllFinite(_floats.AsSpan(0, cells))))
        {
            return WireError.NonFinite;
        }

        var f = _frame;
        f.Stamp = header.Stamp;
        f.BeamCount = beams;
        f.BinCount = bins;
        f.RangeResolutionM = resolution;
        f.StartRangeM = start;
        f.SoundSpeedMps = soundSpeed;
        f.FrequencyHz = frequency;
        f.GainDb = gain;
        f.Layout = (MultibeamLayout)layout;
        f.SampleKind = (MultibeamSampleKind)kind;
        f.BearingsRad = _bearings;
        f.RowGains = hasGains == 1 ? _rowGains : [];
        f.ByteSamples = type == 0 ? _bytes : [];
        f.FloatSamples = type == 1 ? _floats : [];
        frame = f;
        return WireError.None;
    }
}
