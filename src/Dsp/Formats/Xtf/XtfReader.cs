using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>
/// Parses an XTF recording held in memory: the file header, then packets back to back, each starting with
/// magic 0xFACE and carrying its own length (NumBytesThisRecord). Performs no I/O.
/// </summary>
public sealed class XtfReader
{
    private readonly ReadOnlyMemory<byte> _data;

    /// <summary>Parses the file header of <paramref name="data"/>.</summary>
    /// <param name="data">The whole recording (or a prefix of whole packets).</param>
    /// <exception cref="XtfFormatException">The file header is invalid.</exception>
    public XtfReader(ReadOnlyMemory<byte> data)
    {
        _data = data;
        FileHeader = XtfFileHeader.Parse(data.Span);
    }

    /// <summary>The file header.</summary>
    public XtfFileHeader FileHeader { get; }

    /// <summary>
    /// Enumerates every packet after the file header. Any bytes that do not form a whole packet (a truncated
    /// last packet, a wrong magic) raise <see cref="XtfFormatException"/> when the enumeration reaches them.
    /// </summary>
    public IEnumerable<XtfPacket> Packets()
    {
        var offset = FileHeader.HeaderSize;
        while (offset < _data.Length)
        {
            var header = XtfPacketHeader.Parse(_data.Span, offset);
            yield return new XtfPacket(header, _data.Slice(offset, (int)header.NumBytesThisRecord));
            // NumBytesThisRecord >= 14 is checked by Parse, so the loop always advances.
            offset += (int)header.NumBytesThisRecord;
        }
    }

    /// <summary>
    /// Reads every packet: sonar pings are parsed, all other packet types skipped by their length and counted.
    /// </summary>
    /// <exception cref="XtfFormatException">Any packet is malformed.</exception>
    public XtfContents ReadAll()
    {
        var pings = new List<XtfSonarPing>();
        var skipped = new Dictionary<byte, int>();
        long end = FileHeader.HeaderSize;
        foreach (var packet in Packets())
        {
            if (packet.Header.HeaderType == XtfPacketHeader.SonarHeaderType)
            {
                pings.Add(ParseSonarPing(packet));
            }
            else
            {
                skipped[packet.Header.HeaderType] = skipped.GetValueOrDefault(packet.Header.HeaderType) + 1;
            }
            end = packet.Header.Offset + packet.Header.NumBytesThisRecord;
        }
        return new XtfContents(pings, skipped, end);
    }

    /// <summary>Parses a sonar packet (HeaderType 0) into its ping header and channels.</summary>
    /// <param name="packet">A packet from <see cref="Packets"/>.</param>
    /// <exception cref="XtfFormatException">The channels do not fit the packet, or name unknown channels.</exception>
    /// <exception cref="ArgumentException">The packet is not a sonar packet.</exception>
    public XtfSonarPing ParseSonarPing(XtfPacket packet)
    {
        if (packet.Header.HeaderType != XtfPacketHeader.SonarHeaderType)
        {
            throw new ArgumentException($"HeaderType {packet.Header.HeaderType} is not a sonar ping", nameof(packet));
        }
        var bytes = packet.Bytes.Span;
        var baseOffset = packet.Header.Offset;
        if (bytes.Length < XtfPingHeader.Size)
        {
            throw new XtfFormatException(baseOffset + 10, $"sonar packet of {bytes.Length} bytes is shorter than a {XtfPingHeader.Size}-byte ping header");
        }
        var header = XtfPingHeader.Parse(bytes, packet.Header);
        var count = packet.Header.NumChansToFollow;
        if (count > FileHeader.Channels.Count)
        {
            throw new XtfFormatException(baseOffset + 4, $"NumChansToFollow {count} exceeds the {FileHeader.Channels.Count} channels of the file header");
        }
        var channels = new XtfSonarChannel[count];
        var pos = XtfPingHeader.Size;
        for (var c = 0; c < count; c++)
        {
            var ch = XtfPingChannelHeader.Parse(bytes[pos..], baseOffset + pos);
            if (ch.ChannelNumber >= FileHeader.NumberOfSonarChannels)
            {
                throw new XtfFormatException(baseOffset + pos, $"ChannelNumber {ch.ChannelNumber} but the file has {FileHeader.NumberOfSonarChannels} sonar channels");
            }
            pos += XtfPingChannelHeader.Size;
            var bps = FileHeader.Channels[ch.ChannelNumber].BytesPerSample;
            if (bps is not (1 or 2))
            {
                throw new XtfFormatException(baseOffset + pos, $"BytesPerSample {bps} of channel {ch.ChannelNumber} is not supported (1 or 2)");
            }
            var available = (bytes.Length - pos) / bps;
            if (ch.NumSamples > (uint)available)
            {
                throw new XtfFormatException(baseOffset + pos - XtfPingChannelHeader.Size + 42, $"NumSamples {ch.NumSamples} of channel {ch.ChannelNumber} does not fit the packet ({available} left)");
            }
            var n = (int)ch.NumSamples;
            var samples = new ushort[n];
            var raw = bytes.Slice(pos, n * bps);
            if (bps == 1)
            {
                for (var i = 0; i < n; i++)
                {
                    samples[i] = raw[i];
                }
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    samples[i] = BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]);
                }
            }
            pos += n * bps;
            channels[c] = new XtfSonarChannel(ch, samples);
        }
        return new XtfSonarPing(header, channels);
    }
}
