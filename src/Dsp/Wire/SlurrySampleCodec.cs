using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Dsp.Wire;

/// <summary>
/// Wire encoding of <see cref="SlurrySample"/> (kind 5). Body, little-endian: <c>u16 sensor id</c>,
/// <c>u8 sensor kind</c>, <c>u8 reserved</c>, <c>f32 value</c> (SI-ish units of the kind: m/s, kg/m³, kPa,
/// rpm, A). A NaN value is passed through: it is how a transmitter reports its own fault, and the pipeline
/// counts it as one; infinity is refused.
/// </summary>
public static class SlurrySampleCodec
{
    /// <summary>Body length.</summary>
    public const int BodyLength = 8;

    /// <summary>Encoded length, header included.</summary>
    public const int EncodedLength = WireHeader.Size + BodyLength;

    /// <summary>Encodes <paramref name="sample"/>; returns the bytes written.</summary>
    public static int Encode(in SlurrySample sample, Span<byte> destination)
    {
        if (destination.Length < EncodedLength)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; a sample needs {EncodedLength}", nameof(destination));
        }

        new WireHeader(WireKind.SlurrySample, sample.Stamp, BodyLength).Write(destination);
        var w = new WireBodyWriter(destination[WireHeader.Size..]);
        w.U16(sample.SensorId);
        w.U8((byte)sample.Kind);
        w.U8(0);
        w.F32(sample.Value);
        return EncodedLength;
    }

    /// <summary>Decodes <paramref name="payload"/>.</summary>
    public static WireError TryDecode(ReadOnlySpan<byte> payload, out SlurrySample sample)
    {
        sample = default;
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

        sample = new SlurrySample(header.Stamp, id, (SlurrySensorKind)kind, value);
        return WireError.None;
    }
}
