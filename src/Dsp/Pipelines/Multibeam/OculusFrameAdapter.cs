using RovDsp.Dsp.Formats.Oculus;

namespace RovDsp.Dsp.Pipelines.Multibeam;

/// <summary>
/// Fills a <see cref="MultibeamFrame"/> from a parsed Oculus SimplePingResult, so recorded Oculus pings run
/// through <see cref="MultibeamPipeline"/>.
/// </summary>
/// <remarks>
/// Mapping: the image is range-major (rows = ranges) as sent, 8-bit samples as bytes and wider ones as floats; bearings from hundredths of a degree to radians;
/// rangeResolution, speeedOfSoundUsed and frequency as sent; start range 0; the per-row gains, when the sonar sent
/// them, as <see cref="MultibeamFrame.RowGains"/> (liboculus treats them as linear gains applied to each row).
/// The samples are taken as amplitudes. Blueprint does not document the 8-bit scale: the fire message's
/// gammaCorrection byte suggests a gamma-compressed amplitude, which is not undone here, and gainPercent is not a
/// dB figure, so <see cref="MultibeamFrame.GainDb"/> is 0. Both only rescale whole frames or rows smoothly, which
/// the per-beam normalisation and the CFAR absorb.
/// </remarks>
public static class OculusFrameAdapter
{
    /// <summary>Writes <paramref name="ping"/> into <paramref name="frame"/>, reusing its arrays when they are
    /// large enough.</summary>
    /// <param name="ping">The parsed ping.</param>
    /// <param name="frame">The frame to fill.</param>
    /// <param name="stamp">The stamp to give it (the ping's own clock is not in Unix time).</param>
    public static void Fill(OculusSimplePingResult ping, MultibeamFrame frame, MessageStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(ping);
        ArgumentNullException.ThrowIfNull(frame);
        var beams = ping.BeamCount;
        var bins = ping.RangeCount;
        if (frame.BearingsRad.Length < beams)
        {
            frame.BearingsRad = new float[beams];
        }
        for (var b = 0; b < beams; b++)
        {
            frame.BearingsRad[b] = (float)(ping.BearingDegrees(b) * Math.PI / 180.0);
        }
        if (ping.DataSize == OculusDataSize.Bits8)
        {
            // 8-bit pings stay 8-bit: a quarter of the bytes on the wire (180 KB rather than 720 KB a 256 × 703 frame).
            // The byte array is exactly one image long: the codec writes all of it.
            if (frame.ByteSamples.Length != beams * bins)
            {
                frame.ByteSamples = new byte[beams * bins];
            }
            ping.CopyImageTo(frame.ByteSamples);
        }
        else
        {
            if (frame.FloatSamples.Length < beams * bins)
            {
                frame.FloatSamples = new float[beams * bins];
            }
            ping.CopyImageTo(frame.FloatSamples);
            frame.ByteSamples = [];
        }
        if (ping.RowGains.Count > 0)
        {
            if (frame.RowGains.Length < bins)
            {
                frame.RowGains = new float[bins];
            }
            for (var r = 0; r < bins; r++)
            {
                frame.RowGains[r] = ping.RowGains[r];
            }
        }
        else
        {
            frame.RowGains = [];
        }
        frame.Stamp = stamp;
        frame.BeamCount = beams;
        frame.BinCount = bins;
        frame.RangeResolutionM = ping.RangeResolution;
        frame.StartRangeM = 0;
        frame.SoundSpeedMps = ping.SpeedOfSoundUsed;
        frame.FrequencyHz = ping.Frequency;
        frame.GainDb = 0;
        frame.Layout = MultibeamLayout.RangeMajor;
        frame.SampleKind = MultibeamSampleKind.Amplitude;
    }
}
