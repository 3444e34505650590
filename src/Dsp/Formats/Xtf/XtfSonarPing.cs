namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>
/// A parsed side-scan ping (HeaderType 0): the ping header and one <see cref="XtfSonarChannel"/> per channel
/// that followed it, in file order.
/// </summary>
public sealed class XtfSonarPing
{
    /// <summary>Creates a ping from its parts.</summary>
    /// <param name="header">The ping header.</param>
    /// <param name="channels">The channels in file order.</param>
    public XtfSonarPing(XtfPingHeader header, IReadOnlyList<XtfSonarChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(channels);
        Header = header;
        Channels = channels;
    }

    /// <summary>The 256-byte ping header.</summary>
    public XtfPingHeader Header { get; }

    /// <summary>All channels of the ping in file order.</summary>
    public IReadOnlyList<XtfSonarChannel> Channels { get; }

    /// <summary>The channel whose ChannelNumber is 0 (port), or null.</summary>
    public XtfSonarChannel? Port => Find(0);

    /// <summary>The channel whose ChannelNumber is 1 (starboard), or null.</summary>
    public XtfSonarChannel? Starboard => Find(1);

    /// <summary>Port samples (empty when the ping has no port channel).</summary>
    public ReadOnlySpan<ushort> PortSamples => Port is { } c ? c.Samples : default;

    /// <summary>Starboard samples (empty when the ping has no starboard channel).</summary>
    public ReadOnlySpan<ushort> StarboardSamples => Starboard is { } c ? c.Samples : default;

    private XtfSonarChannel? Find(int number)
    {
        foreach (var c in Channels)
        {
            if (c.Header.ChannelNumber == number)
            {
                return c;
            }
        }
        return null;
    }
}
