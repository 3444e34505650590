using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Oculus;

/// <summary>
/// A parsed OculusSimplePingResult message (msgId 0x23, msgVersion 0/1; Blueprint Subsea Oculus.h, packed,
/// little-endian): message header, fire message, ping fields, beam bearings and the image of
/// <see cref="RangeCount"/> rows by <see cref="BeamCount"/> beams (row-major, range then beam).
/// </summary>
public sealed class OculusSimplePingResult
{
    /// <summary>Bytes from the start of the message to the end of the fixed ping fields (bearings follow).</summary>
    public const int FixedSize = OculusMessageHeader.Size + OculusSimpleFireMessage.Size + 69;

    /// <summary>More beams than this is not a plausible Oculus ping (the sonars have at most 512).</summary>
    private const int MaxBeams = 4096;

    private readonly byte[] _image;
    private readonly int _stride;
    private readonly int _bytesPerSample;

    private OculusSimplePingResult(
        OculusMessageHeader header, OculusSimpleFireMessage fire, ReadOnlySpan<byte> m, short[] bearings, byte[] image,
        int stride, int bytesPerSample, float[] rowGains)
    {
        Header = header;
        Fire = fire;
        var p = m[(OculusMessageHeader.Size + OculusSimpleFireMessage.Size)..];
        PingId = BinaryPrimitives.ReadUInt32LittleEndian(p);
        Status = BinaryPrimitives.ReadUInt32LittleEndian(p[4..]);
        Frequency = BinaryPrimitives.ReadDoubleLittleEndian(p[8..]);
        Temperature = BinaryPrimitives.ReadDoubleLittleEndian(p[16..]);
        Pressure = BinaryPrimitives.ReadDoubleLittleEndian(p[24..]);
        SpeedOfSoundUsed = BinaryPrimitives.ReadDoubleLittleEndian(p[32..]);
        PingStartTime = BinaryPrimitives.ReadUInt32LittleEndian(p[40..]);
        DataSize = (OculusDataSize)p[44];
        RangeResolution = BinaryPrimitives.ReadDoubleLittleEndian(p[45..]);
        RangeCount = BinaryPrimitives.ReadUInt16LittleEndian(p[53..]);
        BeamCount = BinaryPrimitives.ReadUInt16LittleEndian(p[55..]);
        ImageOffset = BinaryPrimitives.ReadUInt32LittleEndian(p[57..]);
        ImageSize = BinaryPrimitives.ReadUInt32LittleEndian(p[61..]);
        MessageSize = BinaryPrimitives.ReadUInt32LittleEndian(p[65..]);
        Bearings = bearings;
        _image = image;
        _stride = stride;
        _bytesPerSample = bytesPerSample;
        RowGains = rowGains;
    }

    /// <summary>The message header.</summary>
    public OculusMessageHeader Header { get; }

    /// <summary>The fire settings echoed by the sonar.</summary>
    public OculusSimpleFireMessage Fire { get; }

    /// <summary>pingId: counts pings.</summary>
    public uint PingId { get; }

    /// <summary>status bits.</summary>
    public uint Status { get; }

    /// <summary>frequency in Hz.</summary>
    public double Frequency { get; }

    /// <summary>temperature in degrees C as reported (may be meaningless on some firmware).</summary>
    public double Temperature { get; }

    /// <summary>pressure as reported.</summary>
    public double Pressure { get; }

    /// <summary>speeedOfSoundUsed in m/s.</summary>
    public double SpeedOfSoundUsed { get; }

    /// <summary>pingStartTime (sonar clock).</summary>
    public uint PingStartTime { get; }

    /// <summary>dataSize: bytes per image sample.</summary>
    public OculusDataSize DataSize { get; }

    /// <summary>rangeResolution: metres per image row.</summary>
    public double RangeResolution { get; }

    /// <summary>nRanges: image rows.</summary>
    public int RangeCount { get; }

    /// <summary>nBeams: image columns (and bearings).</summary>
    public int BeamCount { get; }

    /// <summary>imageOffset: byte offset of the image from the start of the message.</summary>
    public uint ImageOffset { get; }

    /// <summary>imageSize in bytes.</summary>
    public uint ImageSize { get; }

    /// <summary>messageSize: total message bytes as stated by the sonar.</summary>
    public uint MessageSize { get; }

    /// <summary>Beam bearings in hundredths of a degree.</summary>
    public IReadOnlyList<short> Bearings { get; }

    /// <summary>Per-row gains when the fire flags say they were sent, otherwise empty.</summary>
    public IReadOnlyList<float> RowGains { get; }

    /// <summary>The bearing of beam <paramref name="beam"/> in degrees.</summary>
    /// <param name="beam">0 ≤ beam &lt; <see cref="BeamCount"/>.</param>
    public double BearingDegrees(int beam) => Bearings[beam] * 0.01;

    /// <summary>The raw image sample at (<paramref name="range"/>, <paramref name="beam"/>).</summary>
    /// <param name="range">Row, 0 ≤ range &lt; <see cref="RangeCount"/>.</param>
    /// <param name="beam">Column, 0 ≤ beam &lt; <see cref="BeamCount"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Outside the image.</exception>
    public uint Sample(int range, int beam)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(range);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(range, RangeCount);
        ArgumentOutOfRangeException.ThrowIfNegative(beam);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(beam, BeamCount);
        var at = (range * _stride) + (RowGains.Count > 0 ? 4 : 0) + (beam * _bytesPerSample);
        var s = _image.AsSpan(at, _bytesPerSample);
        return _bytesPerSample switch
        {
            1 => s[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(s),
            3 => (uint)(s[0] | (s[1] << 8) | (s[2] << 16)),
            _ => BinaryPrimitives.ReadUInt32LittleEndian(s),
        };
    }

    /// <summary>Writes the image as floats, row-major (range then beam), without applying row gains.</summary>
    /// <param name="destination">At least RangeCount × BeamCount long.</param>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public void CopyImageTo(Span<float> destination)
    {
        var n = RangeCount * BeamCount;
        if (destination.Length < n)
        {
            throw new ArgumentException($"needs {n} floats, got {destination.Length}", nameof(destination));
        }
        for (var r = 0; r < RangeCount; r++)
        {
            for (var b = 0; b < BeamCount; b++)
            {
                destination[(r * BeamCount) + b] = Sample(r, b);
            }
        }
    }

    /// <summary>Writes an 8-bit image as it is, row-major (range then beam), without the row gains.</summary>
    /// <param name="destination">At least RangeCount × BeamCount long.</param>
    /// <exception cref="InvalidOperationException">The image is not 8-bit.</exception>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public void CopyImageTo(Span<byte> destination)
    {
        if (_bytesPerSample != 1)
        {
            throw new InvalidOperationException($"the image has {_bytesPerSample} bytes per sample, not 1");
        }
        var n = RangeCount * BeamCount;
        if (destination.Length < n)
        {
            throw new ArgumentException($"needs {n} bytes, got {destination.Length}", nameof(destination));
        }
        var skip = RowGains.Count > 0 ? 4 : 0;
        for (var r = 0; r < RangeCount; r++)
        {
            _image.AsSpan((r * _stride) + skip, BeamCount).CopyTo(destination[(r * BeamCount)..]);
        }
    }

    /// <summary>Parses one whole SimplePingResult message at the start of <paramref name="message"/>.</summary>
    /// <param name="message">The message bytes (more may follow; only header + payloadSize are used).</param>
    /// <param name="baseOffset">Offset of <paramref name="message"/> in the whole buffer (names offsets in errors).</param>
    /// <exception cref="OculusFormatException">Truncated, not a SimplePingResult, or sizes inconsistent.</exception>
    public static OculusSimplePingResult Parse(ReadOnlySpan<byte> message, long baseOffset = 0)
    {
        var header = OculusMessageHeader.Parse(message, baseOffset);
        if (header.MessageId != OculusMessageHeader.SimplePingResultId)
        {
            throw new OculusFormatException(baseOffset + 6, $"msgId 0x{header.MessageId:X2} is not a SimplePingResult (0x23)");
        }
        if (header.MessageVersion > 1)
        {
            throw new OculusFormatException(baseOffset + 8, $"msgVersion {header.MessageVersion} (SimplePingResult2) is not supported");
        }
        if (header.MessageLength > message.Length)
        {
            throw new OculusFormatException(baseOffset + 10, $"payloadSize {header.PayloadSize} runs past the end of the buffer ({message.Length - OculusMessageHeader.Size} bytes of payload present)");
        }
        var m = message[..(int)header.MessageLength];
        if (m.Length < FixedSize)
        {
            throw new OculusFormatException(baseOffset + m.Length, $"ping result truncated: {m.Length} of {FixedSize} bytes");
        }
        var fire = OculusSimpleFireMessage.Parse(m[OculusMessageHeader.Size..], baseOffset + OculusMessageHeader.Size);
        var p = m[(OculusMessageHeader.Size + OculusSimpleFireMessage.Size)..];
        var dataSizeOffset = OculusMessageHeader.Size + OculusSimpleFireMessage.Size + 44;
        var bytesPerSample = p[44] switch
        {
            0 => 1,
            1 => 2,
            2 => 3,
            3 => 4,
            _ => throw new OculusFormatException(baseOffset + dataSizeOffset, $"dataSize {p[44]} is not 0-3"),
        };
        int nRanges = BinaryPrimitives.ReadUInt16LittleEndian(p[53..]);
        int nBeams = BinaryPrimitives.ReadUInt16LittleEndian(p[55..]);
        if (nBeams > MaxBeams)
        {
            throw new OculusFormatException(baseOffset + dataSizeOffset + 11, $"nBeams {nBeams} is not plausible");
        }
        var imageOffset = BinaryPrimitives.ReadUInt32LittleEndian(p[57..]);
        var imageSize = BinaryPrimitives.ReadUInt32LittleEndian(p[61..]);
        var bearingsEnd = FixedSize + (2 * nBeams);
        if (bearingsEnd > m.Length)
        {
            throw new OculusFormatException(baseOffset + m.Length, $"{nBeams} bearings run past the end of the message ({m.Length} bytes)");
        }
        var bearings = new short[nBeams];
        for (var b = 0; b < nBeams; b++)
        {
            bearings[b] = BinaryPrimitives.ReadInt16LittleEndian(m[(FixedSize + (2 * b))..]);
        }
        var gainSent = fire.GainSent;
        // Each row: when flags bit 2 (send gain) is set, a 4-byte float gain first, then nBeams samples
        // (liboculus SimplePingResult.h / GainData<float>).
        var stride = (long)(nBeams * bytesPerSample) + (gainSent ? 4 : 0);
        var needed = stride * nRanges;
        if (imageOffset < bearingsEnd || imageOffset > m.Length)
        {
            throw new OculusFormatException(baseOffset + dataSizeOffset + 13, $"imageOffset {imageOffset} is outside [{bearingsEnd}, {m.Length}]");
        }
        if (imageSize < needed || imageSize > m.Length - imageOffset)
        {
            throw new OculusFormatException(baseOffset + dataSizeOffset + 17, $"imageSize {imageSize} does not hold {nRanges} rows of {stride} bytes within the message ({m.Length - imageOffset} bytes after imageOffset)");
        }
        var image = m.Slice((int)imageOffset, (int)needed).ToArray();
        var gains = Array.Empty<float>();
        if (gainSent)
        {
            gains = new float[nRanges];
            for (var r = 0; r < nRanges; r++)
            {
                gains[r] = BinaryPrimitives.ReadSingleLittleEndian(image.AsSpan((int)(r * stride)));
            }
        }
        return new OculusSimplePingResult(header, fire, m, bearings, image, (int)stride, bytesPerSample, gains);
    }
}
