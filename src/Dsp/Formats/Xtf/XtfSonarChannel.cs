namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>One channel of a sonar ping: its header and its samples widened to 16 bits.</summary>
/// <param name="Header">The 64-byte channel header.</param>
/// <param name="Samples">The samples (8-bit channels are widened without scaling).</param>
public sealed record XtfSonarChannel(XtfPingChannelHeader Header, ushort[] Samples)
{
    /// <summary>Writes the samples as floats into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Samples"/>.Length long.</param>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public void CopySamplesTo(Span<float> destination)
    {
        if (destination.Length < Samples.Length)
        {
            throw new ArgumentException($"needs {Samples.Length} floats, got {destination.Length}", nameof(destination));
        }
        for (var i = 0; i < Samples.Length; i++)
        {
            destination[i] = Samples[i];
        }
    }
}
