using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>
/// One 128-byte CHANINFO block of the XTF file header (Triton XTF spec; layout as read by pyxtf's XTFChanInfo).
/// </summary>
public sealed class XtfChannelInfo
{
    /// <summary>Size of the block in bytes.</summary>
    public const int Size = 128;

    /// <summary>TypeOfChannel: 0 subbottom, 1 port, 2 starboard, 3 bathymetry.</summary>
    public byte TypeOfChannel { get; init; }

    /// <summary>SubChannelNumber: index of this channel among the sonar channels.</summary>
    public byte SubChannelNumber { get; init; }

    /// <summary>CorrectionFlags: 1 sonar imagery as slant range, 2 ground range.</summary>
    public ushort CorrectionFlags { get; init; }

    /// <summary>UniPolar: 0 samples are signed (polar), 1 unsigned.</summary>
    public ushort UniPolar { get; init; }

    /// <summary>BytesPerSample: 1 or 2 (8- or 16-bit samples; 4 is not supported by these parsers).</summary>
    public ushort BytesPerSample { get; init; }

    /// <summary>ChannelName (up to 16 ASCII characters).</summary>
    public string ChannelName { get; init; } = string.Empty;

    /// <summary>VoltScale: volts represented by the full sample range.</summary>
    public float VoltScale { get; init; }

    /// <summary>Frequency of the transducer in kHz.</summary>
    public float Frequency { get; init; }

    /// <summary>HorizBeamAngle in degrees.</summary>
    public float HorizBeamAngle { get; init; }

    /// <summary>TiltAngle in degrees.</summary>
    public float TiltAngle { get; init; }

    /// <summary>BeamWidth in degrees.</summary>
    public float BeamWidth { get; init; }

    /// <summary>SampleFormat (0 means "use BytesPerSample", as most recorders write).</summary>
    public byte SampleFormat { get; init; }

    /// <summary>Parses one 128-byte block; <paramref name="baseOffset"/> only names offsets in errors.</summary>
    /// <param name="block">At least <see cref="Size"/> bytes.</param>
    /// <param name="baseOffset">Offset of <paramref name="block"/> in the whole buffer.</param>
    public static XtfChannelInfo Parse(ReadOnlySpan<byte> block, long baseOffset)
    {
        if (block.Length < Size)
        {
            throw new XtfFormatException(baseOffset + block.Length, $"channel info truncated: {block.Length} of {Size} bytes");
        }
        return new XtfChannelInfo
        {
            TypeOfChannel = block[0],
            SubChannelNumber = block[1],
            CorrectionFlags = BinaryPrimitives.ReadUInt16LittleEndian(block[2..]),
            UniPolar = BinaryPrimitives.ReadUInt16LittleEndian(block[4..]),
            BytesPerSample = BinaryPrimitives.ReadUInt16LittleEndian(block[6..]),
            ChannelName = XtfText.Ascii(block.Slice(12, 16)),
            VoltScale = BinaryPrimitives.ReadSingleLittleEndian(block[28..]),
            Frequency = BinaryPrimitives.ReadSingleLittleEndian(block[32..]),
            HorizBeamAngle = BinaryPrimitives.ReadSingleLittleEndian(block[36..]),
            TiltAngle = BinaryPrimitives.ReadSingleLittleEndian(block[40..]),
            BeamWidth = BinaryPrimitives.ReadSingleLittleEndian(block[44..]),
            SampleFormat = block[74],
        };
    }
}
