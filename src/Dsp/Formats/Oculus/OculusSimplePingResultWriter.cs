using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Oculus;

/// <summary>
/// Writes an OculusSimplePingResult (msgId 0x23, msgVersion 0) in the layout <see cref="OculusSimplePingResult.Parse"/>
/// reads: header, the echoed fire message, the ping fields, the bearing table, then the image rows (each preceded by
/// its 4-byte float gain when the fire flags ask for gains). What a simulated sonar sends.
/// </summary>
public static class OculusSimplePingResultWriter
{
    /// <summary>Bytes of the whole message for this image.</summary>
    /// <param name="beams">nBeams.</param>
    /// <param name="ranges">nRanges.</param>
    /// <param name="dataSize">Bytes per sample.</param>
    /// <param name="gainSent">Whether each row carries a gain.</param>
    public static int GetLength(int beams, int ranges, OculusDataSize dataSize, bool gainSent) =>
        OculusSimplePingResult.FixedSize + (2 * beams) + (ranges * RowStride(beams, dataSize, gainSent));

    /// <summary>Writes one ping; returns the bytes written.</summary>
    /// <param name="destination">At least <see cref="GetLength"/> bytes.</param>
    /// <param name="fire">The fire settings to echo (its <see cref="OculusSimpleFireMessage.GainSent"/> flag decides
    /// whether <paramref name="rowGains"/> are written).</param>
    /// <param name="ping">The ping fields: pingId, frequency, sound speed, range resolution, data size.</param>
    /// <param name="bearings">nBeams bearings, hundredths of a degree.</param>
    /// <param name="samples">nRanges × nBeams samples, row-major, each little-endian of the data size.</param>
    /// <param name="rowGains">nRanges gains when the fire flags ask for gains (ignored otherwise).</param>
    public static int Write(Span<byte> destination, OculusSimpleFireMessage fire, OculusPingFields ping, ReadOnlySpan<short> bearings,
        ReadOnlySpan<byte> samples, ReadOnlySpan<float> rowGains)
    {
        ArgumentNullException.ThrowIfNull(fire);
        ArgumentNullException.ThrowIfNull(ping);
        var beams = bearings.Length;
        var ranges = ping.Ranges;
        var bytesPerSample = (int)ping.DataSize + 1;
        var gainSent = fire.GainSent;
        if (samples.Length != ranges * beams * bytesPerSample)
        {
            throw new ArgumentException($"{samples.Length} sample bytes for {ranges} × {beams} samples of {bytesPerSample} bytes", nameof(samples));
        }
        if (gainSent && rowGains.Length < ranges)
        {
            throw new ArgumentException($"{rowGains.Length} row gains for {ranges} rows", nameof(rowGains));
        }
        var length = GetLength(beams, ranges, ping.DataSize, gainSent);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length, nameof(destination));
        new OculusMessageHeader(OculusMessageHeader.Magic, ping.SrcDeviceId, 0, OculusMessageHeader.SimplePingResultId, 0,
            (uint)(length - OculusMessageHeader.Size), 0).Write(destination);
        fire.WriteFields(destination[OculusMessageHeader.Size..]);
        var p = destination[(OculusMessageHeader.Size + OculusSimpleFireMessage.Size)..];
        var imageOffset = OculusSimplePingResult.FixedSize + (2 * beams);
        var stride = RowStride(beams, ping.DataSize, gainSent);
        BinaryPrimitives.WriteUInt32LittleEndian(p, ping.PingId);
        BinaryPrimitives.WriteUInt32LittleEndian(p[4..], ping.Status);
        BinaryPrimitives.WriteDoubleLittleEndian(p[8..], ping.FrequencyHz);
        BinaryPrimitives.WriteDoubleLittleEndian(p[16..], ping.TemperatureC);
        BinaryPrimitives.WriteDoubleLittleEndian(p[24..], ping.Pressure);
        BinaryPrimitives.WriteDoubleLittleEndian(p[32..], ping.SpeedOfSoundUsed);
        BinaryPrimitives.WriteUInt32LittleEndian(p[40..], ping.PingStartTime);
        p[44] = (byte)ping.DataSize;
        BinaryPrimitives.WriteDoubleLittleEndian(p[45..], ping.RangeResolutionM);
        BinaryPrimitives.WriteUInt16LittleEndian(p[53..], (ushort)ranges);
        BinaryPrimitives.WriteUInt16LittleEndian(p[55..], (ushort)beams);
        BinaryPrimitives.WriteUInt32LittleEndian(p[57..], (uint)imageOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(p[61..], (uint)(ranges * stride));
        BinaryPrimitives.WriteUInt32LittleEndian(p[65..], (uint)length);
        for (var b = 0; b < beams; b++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination[(OculusSimplePingResult.FixedSize + (2 * b))..], bearings[b]);
        }
        var rowBytes = beams * bytesPerSample;
        for (var r = 0; r < ranges; r++)
        {
            var row = destination.Slice(imageOffset + (r * stride), stride);
            if (gainSent)
            {
                BinaryPrimitives.WriteSingleLittleEndian(row, rowGains[r]);
                row = row[4..];
            }
            samples.Slice(r * rowBytes, rowBytes).CopyTo(row);
        }
        return length;
    }

    private static int RowStride(int beams, OculusDataSize dataSize, bool gainSent) =>
        (beams * ((int)dataSize + 1)) + (gainSent ? 4 : 0);
}
