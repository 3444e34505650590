using RovDsp.Dsp.Pipelines.ScanningSonar;

namespace RovDsp.Dsp.Wire;

/// <summary>
/// Wire encoding of <see cref="ScanningSonarStep"/> (kind 3), the Ping360 <c>device_data</c> fields in the
/// project's envelope. Body, little-endian: <c>u16 angle</c> (gradians 0–399), <c>u16 sample period</c> (25 ns
/// ticks), <c>u16 transmit frequency kHz</c>, <c>u8 gain setting</c>, <c>u8 reserved</c>, <c>u16 transmit
/// duration µs</c>, <c>u16 sample count</c>, then <c>u8[count]</c> intensities.
/// </summary>
public sealed class ScanningSonarStepCodec
{
    private const int FixedBody = 12;
    private readonly ScanningSonarStep _step;

    /// <summary>Creates a decoder for steps of up to <paramref name="maxSamples"/> samples.</summary>
    public ScanningSonarStepCodec(int maxSamples = 2048)
    {
        _step = new ScanningSonarStep(maxSamples);
    }

    /// <summary>Bytes needed to encode <paramref name="step"/>, header included.</summary>
    public static int GetEncodedLength(ScanningSonarStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return WireHeader.Size + FixedBody + step.SampleCount;
    }

    /// <summary>Encodes <paramref name="step"/>; returns the bytes written.</summary>
    public static int Encode(ScanningSonarStep step, Span<byte> destination)
    {
        var length = GetEncodedLength(step);
        if (destination.Length < length)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; the step needs {length}", nameof(destination));
        }

        new WireHeader(WireKind.ScanningSonarStep, step.Stamp, length - WireHeader.Size).Write(destination);
        var w = new WireBodyWriter(destination[WireHeader.Size..]);
        w.U16(step.AngleGrads);
        w.U16(step.SamplePeriodTicks);
        w.U16(step.TransmitFrequencyKHz);
        w.U8(step.GainSetting);
        w.U8(0);
        w.U16(step.TransmitDurationUs);
        w.U16((ushort)step.SampleCount);
        w.Bytes(step.Intensities.AsSpan(0, step.SampleCount));
        return length;
    }

    /// <summary>Decodes <paramref name="payload"/> into this decoder's step (valid until the next decode).</summary>
    public WireError TryDecode(ReadOnlySpan<byte> payload, out ScanningSonarStep? step)
    {
        step = null;
        var error = WireHeader.TryRead(payload, out var header, out var body);
        if (error != WireError.None)
        {
            return error;
        }

        if (header.Kind != WireKind.ScanningSonarStep)
        {
            return WireError.WrongKind;
        }

        var r = new WireBodyReader(body);
        if (!(r.U16(out var angle) && r.U16(out var period) && r.U16(out var frequency) && r.U8(out var gain) && r.U8(out _)
              && r.U16(out var duration) && r.U16(out var count)))
        {
            return WireError.Truncated;
        }

        if (angle >= 400 || period == 0 || count == 0)
        {
            return WireError.BadField;
        }

        if (count > _step.Intensities.Length)
        {
            return WireError.Oversized;
        }

        if (r.Remaining != count)
        {
            return r.Remaining < count ? WireError.Truncated : WireError.Oversized;
        }

        r.Bytes(_step.Intensities.AsSpan(0, count));
        _step.Stamp = header.Stamp;
        _step.AngleGrads = angle;
        _step.SamplePeriodTicks = period;
        _step.TransmitFrequencyKHz = frequency;
        _step.GainSetting = gain;
        _step.TransmitDurationUs = duration;
        _step.SampleCount = count;
        step = _step;
        return WireError.None;
    }
}
