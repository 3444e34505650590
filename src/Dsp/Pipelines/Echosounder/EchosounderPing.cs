namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>
/// One echosounder / altimeter ping as the sensor delivers it: fixed fields plus the sample arrays, so a wire
/// encoding is a header and one or two float32 arrays. Time zero is the start of transmission; sample n was
/// taken at <see cref="StartDelayS"/> + n / <see cref="SampleRateHz"/>, so its two-way travel time gives the
/// range c·t/2.
/// </summary>
public readonly struct EchosounderPing
{
    /// <summary>Acquisition time and sequence number.</summary>
    public MessageStamp Stamp { get; init; }

    /// <summary>Sample rate of <see cref="Re"/> (and <see cref="Im"/>) in Hz.</summary>
    public double SampleRateHz { get; init; }

    /// <summary>Carrier (centre) frequency in Hz: the transmitted CW frequency, and the frequency a complex
    /// baseband ping was mixed down from.</summary>
    public double CarrierFrequencyHz { get; init; }

    /// <summary>Real pass-band or complex baseband samples.</summary>
    public EchosounderSampleFormat Format { get; init; }

    /// <summary>The transmitted pulse.</summary>
    public EchosounderPulse Pulse { get; init; }

    /// <summary>Sound speed measured at the transducer (probe or CTD), m/s; NaN when the sensor has none.</summary>
    public double SoundSpeedMps { get; init; }

    /// <summary>Number of valid samples in <see cref="Re"/> (and <see cref="Im"/>).</summary>
    public int SampleCount { get; init; }

    /// <summary>Time of sample 0 after the start of transmission, seconds (&gt;= 0).</summary>
    public double StartDelayS { get; init; }

    /// <summary>Pass-band samples, or the real part of the baseband samples.</summary>
    public ReadOnlyMemory<float> Re { get; init; }

    /// <summary>Imaginary part of the baseband samples (empty for <see cref="EchosounderSampleFormat.RealPassband"/>).</summary>
    public ReadOnlyMemory<float> Im { get; init; }
}
