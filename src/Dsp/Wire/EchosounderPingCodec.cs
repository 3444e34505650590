using RovDsp.Dsp.Pipelines.Echosounder;

namespace RovDsp.Dsp.Wire;

/// <summary>
/// Wire encoding of <see cref="EchosounderPing"/> (kind 1). Body, little-endian: <c>f64 sample rate Hz</c>,
/// <c>f64 carrier Hz</c>, <c>u8 format</c> (0 real pass band, 1 complex baseband), <c>u8 pulse shape</c>
/// (0 CW, 1 LFM), <c>u16 reserved</c>, <c>f64 pulse start Hz</c>, <c>f64 pulse end Hz</c>, <c>f64 pulse
/// duration s</c>, <c>f64 measured sound speed m/s</c> (NaN = none), <c>f64 start delay s</c>, <c>i32 sample
/// count</c>, then <c>f32[count]</c> real (or pass-band) samples and, for baseband, <c>f32[count]</c> imaginary.
/// A decoder owns its sample buffers, so decoding allocates nothing once they are sized.
/// </summary>
public sealed class EchosounderPingCodec
{
    private const int FixedBody = 8 + 8 + 4 + 8 + 8 + 8 + 8 + 8 + 4;
    private readonly float[] _re;
    private readonly float[] _im;

    /// <summary>Creates a decoder for pings of up to <paramref name="maxSamples"/> samples.</summary>
    public EchosounderPingCodec(int maxSamples = 65536)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 1);
        _re = new float[maxSamples];
        _im = new float[maxSamples];
    }

    /// <summary>Bytes needed to encode <paramref name="ping"/>, header included.</summary>
    public static int GetEncodedLength(in EchosounderPing ping) =>
        WireHeader.Size + FixedBody + ping.SampleCount * sizeof(float) * (ping.Format == EchosounderSampleFormat.ComplexBaseband ? 2 : 1);

    /// <summary>Encodes <paramref name="ping"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Encode(in EchosounderPing ping, Span<byte> destination)
    {
        var length = GetEncodedLength(ping);
        if (destination.Length < length)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; the ping needs {length}", nameof(destination));
        }

        new WireHeader(WireKind.EchosounderPing, ping.Stamp, length - WireHeader.Size).Write(destination);
        var w = new WireBodyWriter(destination[WireHeader.Size..]);
        w.F64(ping.SampleRateHz);
        w.F64(ping.CarrierFrequencyHz);
        w.U8((byte)ping.Format);
        w.U8((byte)ping.Pulse.Shape);
        w.U16(0);
        w.F64(ping.Pulse.StartFrequencyHz);
        w.F64(ping.Pulse.EndFrequencyHz);
        w.F64(ping.Pulse.DurationS);
        w.F64(ping.SoundSpeedMps);
        w.F64(ping.StartDelayS);
        w.I32(ping.SampleCount);
        w.F32Array(ping.Re.Span[..ping.SampleCount]);
        if (ping.Format == EchosounderSampleFormat.ComplexBaseband)
        {
            w.F32Array(ping.Im.Span[..ping.SampleCount]);
        }

        return length;
    }

    /// <summary>Decodes <paramref name="payload"/>; on success <paramref name="ping"/> views this decoder's
    /// buffers (valid until the next decode).</summary>
    public WireError TryDecode(ReadOnlySpan<byte> payload, out EchosounderPing ping)
    {
        ping = default;
        var error = WireHeader.TryRead(payload, out var header, out var body);
        if (error != WireError.None)
        {
            return error;
        }

        if (header.Kind != WireKind.EchosounderPing)
        {
            return WireError.WrongKind;
        }

        var r = new WireBodyReader(body);
        if (!(r.F64(out var rate) && r.F64(out var carrier) && r.U8(out var format) && r.U8(out var shape) && r.U16(out _)
              && r.F64(out var f0) && r.F64(out var f1) && r.F64(out var duration) && r.F64(out var soundSpeed)
              && r.F64(out var delay) && r.I32(out var count)))
        {
            return WireError.Truncated;
        }

        if (format > 1 || shape > 1 || count < 0)
        {
            return WireError.BadField;
        }

        if (!double.IsFinite(rate) || !double.IsFinite(carrier) || !double.IsFinite(f0) || !double.IsFinite(f1)
            || !double.IsFinite(duration) || !double.IsFinite(delay) || double.IsInfinity(soundSpeed))
        {
            return WireError.NonFinite;
        }

        if (!WireValidation.Positive(rate) || !WireValidation.Positive(duration) || delay < 0
            || !(double.IsNaN(soundSpeed) || soundSpeed > 0))
        {
            return WireError.BadField;
        }

        if (count > _re.Length)
        {
            return WireError.Oversized;
        }

        var complex = format == 1;
        var expected = count * sizeof(float) * (complex ? 2 : 1);
        if (r.Remaining < expected)
        {
            return WireError.Truncated;
        }

        if (r.Remaining > expected)
        {
            return WireError.Oversized;
        }

        r.F32Array(_re.AsSpan(0, count));
        if (complex)
        {
            r.F32Array(_im.AsSpan(0, count));
        }

        if (!WireValidation.AllFinite(_re.AsSpan(0, count)) || (complex && !WireValidation.AllFinite(_im.AsSpan(0, count))))
        {
            return WireError.NonFinite;
        }

        ping = new EchosounderPing
        {
            Stamp = header.Stamp,
            SampleRateHz = rate,
            CarrierFrequencyHz = carrier,
            Format = (EchosounderSampleFormat)format,
            Pulse = new EchosounderPulse((EchosounderPulseShape)shape, f0, f1, duration),
            SoundSpeedMps = soundSpeed,
            SampleCount = count,
            StartDelayS = delay,
            Re = _re.AsMemory(0, count),
            Im = complex ? _im.AsMemory(0, count) : ReadOnlyMemory<float>.Empty,
        };
        return WireError.None;
    }
}
