using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>
/// The 64-byte XTFPINGCHANHEADER in front of each channel's samples (Triton XTF spec; offsets as in pyxtf's
/// XTFPingChanHeader).
/// </summary>
public sealed class XtfPingChannelHeader
{
    /// <summary>Size of the channel header in bytes.</summary>
    public const int Size = 64;

    /// <summary>ChannelNumber: 0 port, 1 starboard for a two-channel side-scan.</summary>
    public ushort ChannelNumber { get; init; }

    /// <summary>DownsampleMethod: 2 = MAX, 4 = RMS.</summary>
    public ushort DownsampleMethod { get; init; }

    /// <summary>SlantRange in metres.</summary>
    public float SlantRange { get; init; }

    /// <summary>GroundRange in metres.</summary>
    public float GroundRange { get; init; }

    /// <summary>TimeDelay: seconds from transmit to the first sample.</summary>
    public float TimeDelay { get; init; }

    /// <summary>TimeDuration: seconds covered by the samples.</summary>
    public float TimeDuration { get; init; }

    /// <summary>SecondsPerPing.</summary>
    public float SecondsPerPing { get; init; }

    /// <summary>ProcessingFlags.</summary>
    public ushort ProcessingFlags { get; init; }

    /// <summary>Frequency in kHz.</summary>
    public ushort Frequency { get; init; }

    /// <summary>InitialGainCode.</summary>
    public ushort InitialGainCode { get; init; }

    /// <summary>GainCode.</summary>
    public ushort GainCode { get; init; }

    /// <summary>BandWidth.</summary>
    public ushort BandWidth { get; init; }

    /// <summary>NumSamples following this header.</summary>
    public uint NumSamples { get; init; }

    /// <summary>MillivoltScale.</summary>
    public ushort MillivoltScale { get; init; }

    /// <summary>Weight (sample scaling exponent used by some systems).</summary>
    public short Weight { get; init; }

    /// <summary>Parses a channel header; <paramref name="baseOffset"/> only names offsets in errors.</summary>
    /// <param name="block">At least <see cref="Size"/> bytes.</param>
    /// <param name="baseOffset">Offset of <paramref name="block"/> in the whole buffer.</param>
    /// <exception cref="XtfFormatException">Fewer than <see cref="Size"/> bytes.</exception>
    public static XtfPingChannelHeader Parse(ReadOnlySpan<byte> block, long baseOffset)
    {
        if (block.Length < Size)
        {
            throw new XtfFormatException(baseOffset + block.Length, $"ping channel header truncated: {block.Length} of {Size} bytes");
        }
        return new XtfPingChannelHeader
        {
            ChannelNumber = BinaryPrimitives.ReadUInt16LittleEndian(block),
            DownsampleMethod = BinaryPrimitives.ReadUInt16LittleEndian(block[2..]),
            SlantRange = BinaryPrimitives.ReadSingleLittleEndian(block[4..]),
            GroundRange = BinaryPrimitives.ReadSingleLittleEndian(block[8..]),
            TimeDelay = BinaryPrimitives.ReadSingleLittleEndian(block[12..]),
            TimeDuration = BinaryPrimitives.ReadSingleLittleEndian(block[16..]),
            SecondsPerPing = BinaryPrimitives.ReadSingleLittleEndian(block[20..]),
            ProcessingFlags = BinaryPrimitives.ReadUInt16LittleEndian(block[24..]),
            Frequency = BinaryPrimitives.ReadUInt16LittleEndian(block[26..]),
            InitialGainCode = BinaryPrimitives.ReadUInt16LittleEndian(block[28..]),
            GainCode = BinaryPrimitives.ReadUInt16LittleEndian(block[30..]),
            BandWidth = BinaryPrimitives.ReadUInt16LittleEndian(block[32..]),
            NumSamples = BinaryPrimitives.ReadUInt32LittleEndian(block[42..]),
            MillivoltScale = BinaryPrimitives.ReadUInt16LittleEndian(block[46..]),
            Weight = BinaryPrimitives.ReadInt16LittleEndian(block[58..]),
        };
    }
}
