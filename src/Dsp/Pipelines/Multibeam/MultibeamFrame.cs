namespace RovDsp.Dsp.Pipelines.Multibeam;

/// <summary>
/// One imaging (multibeam) sonar frame as the sensor sends it: a fan of <see cref="BeamCount"/> beams by
/// <see cref="BinCount"/> range bins of 8-bit or float echo samples, with the geometry and gains needed to turn
/// them into calibrated-shape intensity. Field for field it carries what an Oculus SimplePingResult carries
/// (bearings, range resolution, sound speed, frequency, gain, optional per-row gains), so a wire encoding is a
/// fixed header plus the arrays. Producers fill it in place and reuse it from frame to frame.
/// </summary>
public sealed class MultibeamFrame
{
    /// <summary>When the frame was taken and its sequence number.</summary>
    public MessageStamp Stamp { get; set; }

    /// <summary>Beams in the frame.</summary>
    public int BeamCount { get; set; }

    /// <summary>Range bins per beam.</summary>
    public int BinCount { get; set; }

    /// <summary>Bearing of each beam, radians, 0 ahead, positive to starboard; at least
    /// <see cref="BeamCount"/> values, monotonic.</summary>
    public float[] BearingsRad { get; set; } = [];

    /// <summary>Range step between bins, metres (Oculus rangeResolution).</summary>
    public double RangeResolutionM { get; set; }

    /// <summary>Range of bin 0, metres (0 for Oculus).</summary>
    public double StartRangeM { get; set; }

    /// <summary>Sound speed the sonar used to place the bins, m/s.</summary>
    public double SoundSpeedMps { get; set; }

    /// <summary>Acoustic frequency, Hz (sets the absorption the range compensation undoes).</summary>
    public double FrequencyHz { get; set; }

    /// <summary>Gain the device applied to every sample, as an amplitude gain in dB (undone by the pipeline).</summary>
    public double GainDb { get; set; }

    /// <summary>Linear amplitude gain the device applied to each range row (its own TVG, as the Oculus per-row
    /// gains), or empty when it applied none; otherwise at least <see cref="BinCount"/> values, each &gt; 0.</summary>
    public float[] RowGains { get; set; } = [];

    /// <summary>Sample order.</summary>
    public MultibeamLayout Layout { get; set; } = MultibeamLayout.RangeMajor;

    /// <summary>Whether samples are amplitude or intensity.</summary>
    public MultibeamSampleKind SampleKind { get; set; } = MultibeamSampleKind.Amplitude;

    /// <summary>8-bit samples (BeamCount × BinCount in <see cref="Layout"/> order), or empty when
    /// <see cref="FloatSamples"/> holds the image.</summary>
    public byte[] ByteSamples { get; set; } = [];

    /// <summary>Float samples, used when <see cref="ByteSamples"/> is empty.</summary>
    public float[] FloatSamples { get; set; } = [];
}
