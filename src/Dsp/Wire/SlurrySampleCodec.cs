using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Dsp.Wire;

/// <summary>
/// Wire encoding of <see cref="SlurrySample"/> (kind 5). Body, little-endian: <c>u16 sensor id</c>,
/// <c>u8 sensor kind</c>, <c>u8 reserved</c>, <c>f32 value</c> (SI-ish units of the kind: m/s, kg/m³, kPa,
/// rpm, A). A NaN value is passed through: it is how a transmitter reports its own fault, and the pipeline
/// counts it as one; infinity is refused.
/// <para>An aged sample (<see cref="AgedEncodedLength"/>) appends <c>i32 age µs</c>: how old the reading already was
/// when its publisher handed it on, counted from the header's acquisition time (a PLC poller: from the Modbus
/// response's arrival). A reader that predates it skips the trailing bytes (the header's body length covers
/// them), so aged and plain samples mix on one topic.</para>
/// </summary>
public static class SlurrySampleCodec
{
    /// <summary>Body length.</summary>
    public const int BodyLength = 8;

    /// <summary>Encoded length, header included.</summary>
    public const int EncodedLength = WireHeader.Size + BodyLength;

    /// <summary>Body length of an aged sample (the trailing age included).</summary>
    public const int AgedBodyLength = BodyLength + 4;

    /// <summary>Encoded length of an aged sample, header included.</summary>
    public const int AgedEncodedLength = WireHeader.Size + AgedBodyLength;

    /// <summary>Encodes <paramref name="sample"/>; returns the bytes written.</summary>
    public static int Encode(in SlurrySample sample, Span<byte> destination) => Write(sample, destination, BodyLength, 0);

    /// <summary>Encodes <paramref name="sample"/> with its age when handed on, <paramref name="ageUs"/> µs since its
    /// acquisition time (clamped to 0 – <see cref="int.MaxValue"/>); returns the bytes written.</summary>
    public static int Encode(in SlurrySample sample, long ageUs, Span<byte> destination) =>
        Write(sample, destination, AgedBodyLength, (int)Math.Clamp(ageUs, 0, int.MaxValue));

    private static int Write(in SlurrySample sample, Span<byte> destination, int bodyLength, int ageUs)
    {
        var length = WireHeader.Size + bodyLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; a sample needs {length}", nameof(destination));
        }

        new WireHeader(WireKind.SlurrySample, sample.Stamp, bodyLength).Write(destination);
        var w = new WireBodyWriter(destination[WireHeader.Size..]);
        w.U16(sample.SensorId);
        w.U8((byte)sample.Kind);
        w.U8(0);
        w.F32(sample.Value);
        if (bodyLength == AgedBodyLength)
        {
            w.I32(ageUs);
        }

        return length;
    }

    /// <summary>Decodes <paramref name="payload"/> (an aged sample's age is skipped).</summary>
    public static WireError TryDecode(ReadOnlySpan<byte> payload, out SlurrySample sample) => TryDecode(payload, out sample, out _);

    /// <summary>Decodes <paramref name="payload"/>; <paramref name="ageUs"/> is the publisher's age of the reading
    /// (µs), or -1 when the sample carries none.</summary>
    public static WireError TryDecode(ReadOnlySpan<byte> payload, out SlurrySample sample, out long ageUs)
    {
        sample = default;
        ageUs = -1;
        var error = WireHeader.TryRead(payload, out var header, out var body);
        if (error != WireError.None)
        {
            return error;
        }

        if (header.Kind != WireKind.SlurrySample)
        {
            return WireError.WrongKind;
        }

        var r = new WireBodyReader(body);
        if (!(r.U16(out var id) && r.U8(out var kind) && r.U8(out _) && r.F32(out var value)))
        {
            return WireError.Truncated;
        }

        if (kind > (byte)SlurrySensorKind.PumpCurrent)
        {
            return WireError.BadField;
        }

        if (float.IsInfinity(value))
        {
            return WireError.NonFinite;
        }

        if (r.Remaining >= 4)
        {
            if (!r.I32(out var age) || age < 0)
            {
                return WireError.BadField;
            }

            ageUs = age;
        }

        sample = new SlurrySample(header.Stamp, id, (SlurrySensorKind)kind, value);
        return WireError.None;
    }
}
