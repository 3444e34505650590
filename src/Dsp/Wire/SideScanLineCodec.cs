using RovDsp.Dsp.Pipelines.SideScan;

namespace RovDsp.Dsp.Wire;

/// <summary>
/// Wire encoding of <see cref="SideScanLine"/> (kind 4). Body, little-endian: <c>f64 sample interval s</c>,
/// <c>f64 first-sample delay s</c>, <c>f64 sound speed m/s</c>, <c>f64 frequency Hz</c>, <c>f64 altitude m</c>
/// (NaN = unknown), <c>i32 sample count</c>, then <c>f32[count]</c> port (nadir outward) and <c>f32[count]</c>
/// starboard.
/// </summary>
public sealed class SideScanLineCodec
{
    private const int FixedBody = 5 * 8 + 4;
    private readonly SideScanLine _line;

    /// <summary>Creates a decoder for lines of up to <paramref name="maxSamples"/> samples a side.</summary>
    public SideScanLineCodec(int maxSamples = 16384)
    {
        _line = new SideScanLine(maxSamples);
    }

    /// <summary>Bytes needed to encode <paramref name="line"/>, header included.</summary>
    public static int GetEncodedLength(SideScanLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return WireHeader.Size + FixedBody + 2 * line.SampleCount * sizeof(float);
    }

    /// <summary>Encodes <paramref name="line"/>; returns the bytes written.</summary>
    public static int Encode(SideScanLine line, Span<byte> destination)
    {
        var length = GetEncodedLength(line);
        if (destination.Length < length)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; the line needs {length}", nameof(destination));
        }

        new WireHeader(WireKind.SideScanLine, line.Stamp, length - WireHeader.Size).Write(destination);
        var w = new WireBodyWriter(destination[WireHeader.Size..]);
        w.F64(line.SampleIntervalS);
        w.F64(line.FirstSampleDelayS);
        w.F64(line.SoundSpeedMps);
        w.F64(line.FrequencyHz);
        w.F64(line.AltitudeM);
        w.I32(line.SampleCount);
        w.F32Array(line.Port.AsSpan(0, line.SampleCount));
        w.F32Array(line.Starboard.AsSpan(0, line.SampleCount));
        return length;
    }

    /// <summary>Decodes <paramref name="payload"/> into this decoder's line (valid until the next decode).</summary>
    public WireError TryDecode(ReadOnlySpan<byte> payload, out SideScanLine? line)
    {
        line = null;
        var error = WireHeader.TryRead(payload, out var header, out var body);
        if (error != WireError.None)
        {
            return error;
        }

        if (header.Kind != WireKind.SideScanLine)
        {
            return WireError.WrongKind;
        }

        var r = new WireBodyReader(body);
        if (!(r.F64(out var interval) && r.F64(out var delay) && r.F64(out var soundSpeed) && r.F64(out var frequency)
              && r.F64(out var altitude) && r.I32(out var count)))
        {
            return WireError.Truncated;
        }

        if (!double.IsFinite(interval) || !double.IsFinite(delay) || !double.IsFinite(soundSpeed) || !double.IsFinite(frequency)
            || double.IsInfinity(altitude))
        {
            return WireError.NonFinite;
        }

        if (!WireValidation.Positive(interval) || delay < 0 || !WireValidation.Positive(soundSpeed) || !WireValidation.Positive(frequency)
            || count < 1 || altitude < 0)
        {
            return WireError.BadField;
        }

        if (count > _line.Port.Length)
        {
            return WireError.Oversized;
        }

        var expected = 2L * count * sizeof(float);
        if (r.Remaining != expected)
        {
            return r.Remaining < expected ? WireError.Truncated : WireError.Oversized;
        }

        r.F32Array(_line.Port.AsSpan(0, count));
        r.F32Array(_line.Starboard.AsSpan(0, count));
        if (!WireValidation.AllFinite(_line.Port.AsSpan(0, count)) || !WireValidation.AllFinite(_line.Starboard.AsSpan(0, count)))
        {
            return WireError.NonFinite;
        }

        _line.Stamp = header.Stamp;
        _line.SampleCount = count;
        _line.SampleIntervalS = interval;
        _line.FirstSampleDelayS = delay;
        _line.SoundSpeedMps = soundSpeed;
        _line.FrequencyHz = frequency;
        _line.AltitudeM = altitude;
        line = _line;
        return WireError.None;
    }
}
