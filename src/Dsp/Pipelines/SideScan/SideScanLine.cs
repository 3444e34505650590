namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>
/// One side-scan line (one ping of both channels) as the sonar delivers it: port and starboard intensity
/// samples, each ordered from the transducer outward (index 0 is the sample nearest in time to the
/// transmission), plus the timing needed to turn a sample index into a slant range. A reusable buffer: allocate
/// one for the largest line, refill it per ping (see <see cref="SetSamples(ReadOnlySpan{ushort}, ReadOnlySpan{ushort}, bool)"/>).
/// </summary>
/// <remarks>
/// Sample <c>i</c> is received at <c>t = FirstSampleDelayS + i·SampleIntervalS</c> after transmission and lies at
/// slant range <c>c·t/2</c> (the convention of XTF's TimeDelay/TimeDuration and of
/// <see cref="Acoustics.TimeVaryingGain.Range"/>).
/// </remarks>
public sealed class SideScanLine
{
    /// <summary>Allocates a line holding up to <paramref name="capacity"/> samples per side.</summary>
    /// <param name="capacity">Samples per side, &gt;= 1.</param>
    public SideScanLine(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Port = new float[capacity];
        Starboard = new float[capacity];
    }

    /// <summary>Acquisition time and sequence number of the ping.</summary>
    public MessageStamp Stamp { get; set; }

    /// <summary>Port intensities, nearest first; the first <see cref="SampleCount"/> are valid.</summary>
    public float[] Port { get; }

    /// <summary>Starboard intensities, nearest first; the first <see cref="SampleCount"/> are valid.</summary>
    public float[] Starboard { get; }

    /// <summary>Valid samples per side (both sides carry the same count).</summary>
    public int SampleCount { get; set; }

    /// <summary>Time between samples in seconds (XTF: TimeDuration / NumSamples).</summary>
    public double SampleIntervalS { get; set; }

    /// <summary>Time from transmission to sample 0 in seconds (XTF TimeDelay; usually 0).</summary>
    public double FirstSampleDelayS { get; set; }

    /// <summary>Sound speed in m/s (the full speed, not XTF's halved SoundVelocity).</summary>
    public double SoundSpeedMps { get; set; } = 1500.0;

    /// <summary>Transmit frequency in Hz (used for the absorption term of the TVG); 0 or NaN when unknown.</summary>
    public double FrequencyHz { get; set; }

    /// <summary>Altitude above the seabed in metres when the vehicle knows it, NaN when unknown.</summary>
    public double AltitudeM { get; set; } = double.NaN;

    /// <summary>Slant range of the last valid sample's end, metres: c·(delay + N·dt)/2.</summary>
    public double SlantRangeM => SoundSpeedMps * (FirstSampleDelayS + SampleCount * SampleIntervalS) / 2.0;

    /// <summary>Copies float samples into the line and sets <see cref="SampleCount"/>.</summary>
    /// <param name="port">Port samples, nearest first.</param>
    /// <param name="starboard">Starboard samples, nearest first, as many as port.</param>
    /// <exception cref="ArgumentException">The lengths differ or exceed the capacity.</exception>
    public void SetSamples(ReadOnlySpan<float> port, ReadOnlySpan<float> starboard)
    {
        CheckLengths(port.Length, starboard.Length);
        port.CopyTo(Port);
        starboard.CopyTo(Starboard);
        SampleCount = port.Length;
    }

    /// <summary>Widens 16-bit samples (as XTF carries them) into the line and sets <see cref="SampleCount"/>.</summary>
    /// <param name="port">Port samples, nearest first.</param>
    /// <param name="starboard">Starboard samples, nearest first, as many as port.</param>
    /// <param name="reversePort">True when the port samples are stored farthest first (then they are reversed).</param>
    /// <exception cref="ArgumentException">The lengths differ or exceed the capacity.</exception>
    public void SetSamples(ReadOnlySpan<ushort> port, ReadOnlySpan<ushort> starboard, bool reversePort = false)
    {
        CheckLengths(port.Length, starboard.Length);
        var n = port.Length;
        for (var i = 0; i < n; i++)
        {
            Port[i] = reversePort ? port[n - 1 - i] : port[i];
            Starboard[i] = starboard[i];
        }
        SampleCount = n;
    }

    private void CheckLengths(int port, int starboard)
    {
        if (port != starboard)
        {
            throw new ArgumentException($"port has {port} samples, starboard {starboard}; they must match", nameof(starboard));
        }
        if (port > Port.Length)
        {
            throw new ArgumentException($"{port} samples exceed the line's capacity {Port.Length}", nameof(port));
        }
    }
}
