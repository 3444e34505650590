using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>
/// The XTF file header (XTFFILEHEADER): 1024 bytes holding up to 6 channel info blocks, extended by further
/// 1024-byte blocks of 8 channel infos when a file has more channels (Triton XTF spec, as in pyxtf).
/// </summary>
public sealed class XtfFileHeader
{
    /// <summary>The FileFormat byte every XTF file starts with.</summary>
    public const byte FileFormatMagic = 0x7B;

    /// <summary>Size of the basic header block.</summary>
    public const int BlockSize = 1024;

    /// <summary>Offset of the first channel info block inside the header.</summary>
    private const int ChannelInfoOffset = 256;

    /// <summary>More channels than this is not a plausible file (the spec's own limit is far lower).</summary>
    private const int MaxChannels = 64;

    /// <summary>FileFormat: always 0x7B.</summary>
    public byte FileFormat { get; init; }

    /// <summary>SystemType (1 for most systems).</summary>
    public byte SystemType { get; init; }

    /// <summary>RecordingProgramName (8 characters).</summary>
    public string RecordingProgramName { get; init; } = string.Empty;

    /// <summary>RecordingProgramVersion (8 characters).</summary>
    public string RecordingProgramVersion { get; init; } = string.Empty;

    /// <summary>SonarName (16 characters).</summary>
    public string SonarName { get; init; } = string.Empty;

    /// <summary>SonarType (Triton's sonar type code).</summary>
    public ushort SonarType { get; init; }

    /// <summary>NoteString (64 characters).</summary>
    public string NoteString { get; init; } = string.Empty;

    /// <summary>ThisFileName (64 characters).</summary>
    public string ThisFileName { get; init; } = string.Empty;

    /// <summary>NavUnits: 0 metres, 3 latitude/longitude.</summary>
    public ushort NavUnits { get; init; }

    /// <summary>NumberOfSonarChannels.</summary>
    public ushort NumberOfSonarChannels { get; init; }

    /// <summary>NumberOfBathymetryChannels.</summary>
    public ushort NumberOfBathymetryChannels { get; init; }

    /// <summary>Size of the whole header in bytes (1024, or a multiple when more than 6 channels).</summary>
    public int HeaderSize { get; init; }

    /// <summary>The channel info blocks, sonar channels first, then bathymetry channels.</summary>
    public IReadOnlyList<XtfChannelInfo> Channels { get; init; } = [];

    /// <summary>Parses the header at the start of <paramref name="data"/>.</summary>
    /// <param name="data">The file's bytes (at least the header).</param>
    /// <exception cref="XtfFormatException">Truncated header, wrong FileFormat byte or absurd channel count.</exception>
    public static XtfFileHeader Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < BlockSize)
        {
            throw new XtfFormatException(data.Length, $"file header truncated: {data.Length} of {BlockSize} bytes");
        }
        if (data[0] != FileFormatMagic)
        {
            throw new XtfFormatException(0, $"FileFormat is 0x{data[0]:X2}, expected 0x7B");
        }
        var sonar = BinaryPrimitives.ReadUInt16LittleEndian(data[166..]);
        var bathy = BinaryPrimitives.ReadUInt16LittleEndian(data[168..]);
        var total = sonar + bathy;
        if (total > MaxChannels)
        {
            throw new XtfFormatException(166, $"{sonar} sonar + {bathy} bathymetry channels is not plausible");
        }
        // Channels beyond the first 6 live in extra 1024-byte blocks of 8 each (XTF spec 'ChanInfo' note).
        var headerSize = total <= 6 ? BlockSize : BlockSize * (1 + ((total - 6 + 7) / 8));
        if (data.Length < headerSize)
        {
            throw new XtfFormatException(data.Length, $"file header of {total} channels needs {headerSize} bytes, only {data.Length} present");
        }
        var channels = new XtfChannelInfo[total];
        for (var c = 0; c < total; c++)
        {
            var offset = c < 6 ? ChannelInfoOffset + (c * XtfChannelInfo.Size) : BlockSize + ((c - 6) * XtfChannelInfo.Size);
            channels[c] = XtfChannelInfo.Parse(data.Slice(offset, XtfChannelInfo.Size), offset);
        }
        return new XtfFileHeader
        {
            FileFormat = data[0],
            SystemType = data[1],
            RecordingProgramName = XtfText.Ascii(data.Slice(2, 8)),
            RecordingProgramVersion = XtfText.Ascii(data.Slice(10, 8)),
            SonarName = XtfText.Ascii(data.Slice(18, 16)),
            SonarType = BinaryPrimitives.ReadUInt16LittleEndian(data[34..]),
            NoteString = XtfText.Ascii(data.Slice(36, 64)),
            ThisFileName = XtfText.Ascii(data.Slice(100, 64)),
            NavUnits = BinaryPrimitives.ReadUInt16LittleEndian(data[164..]),
            NumberOfSonarChannels = sonar,
            NumberOfBathymetryChannels = bathy,
            HeaderSize = headerSize,
            Channels = channels,
        };
    }
}
