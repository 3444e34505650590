using RovDsp.Dsp.Formats.Xtf;

namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>Fills a <see cref="SideScanLine"/> from an XTF sonar ping (channel 0 port, channel 1 starboard).</summary>
public static class XtfSideScan
{
    /// <summary>
    /// Copies an XTF ping's two channels and timing into <paramref name="line"/>: sound speed = 2·SoundVelocity
    /// (XTF stores the one-way, halved value), sample interval = TimeDuration / NumSamples, first-sample delay =
    /// TimeDelay, frequency = Frequency kHz·1000, stamp = ping time (UTC) and PingNumber.
    /// </summary>
    /// <param name="ping">A ping with a port and a starboard channel of equal length.</param>
    /// <param name="line">The line to fill (capacity at least NumSamples).</param>
    /// <param name="portFarFirst">
    /// True when the port channel is stored far range first, as in the Scotsman Iver2 recording, whose port water
    /// column (the quiet samples before the first bottom return) sits at the END of the channel; it is reversed
    /// so that the line is nearest first on both sides.
    /// </param>
    /// <param name="useRecordedAltitude">
    /// True to take SensorPrimaryAltitude as the line's altitude when it is &gt; 0; otherwise the altitude is
    /// left unknown (NaN) and the pipeline detects it.
    /// </param>
    /// <returns>False (line untouched) when the ping lacks a port or starboard channel or they differ in length.</returns>
    public static bool TryFill(XtfSonarPing ping, SideScanLine line, bool portFarFirst, bool useRecordedAltitude)
    {
        ArgumentNullException.ThrowIfNull(ping);
        ArgumentNullException.ThrowIfNull(line);
        var port = ping.Port;
        var stbd = ping.Starboard;
        if (port is null || stbd is null || port.Samples.Length != stbd.Samples.Length
            || port.Samples.Length > line.Port.Length || port.Samples.Length == 0)
        {
            return false;
        }
        var h = ping.Header;
        var ch = stbd.Header;
        line.SetSamples(port.Samples, stbd.Samples, portFarFirst);
        line.SoundSpeedMps = 2.0 * h.SoundVelocity;
        line.SampleIntervalS = ch.TimeDuration / (double)port.Samples.Length;
        line.FirstSampleDelayS = ch.TimeDelay;
        line.FrequencyHz = ch.Frequency * 1000.0;
        line.AltitudeM = useRecordedAltitude && h.SensorPrimaryAltitude > 0 ? h.SensorPrimaryAltitude : double.NaN;
        var time = h.Time;
        var ns = time is { } t ? (t - DateTime.UnixEpoch).Ticks * 100L : 0L;
        line.Stamp = new MessageStamp(ns, h.PingNumber);
        return true;
    }
}
