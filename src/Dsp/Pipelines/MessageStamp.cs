namespace RovDsp.Dsp.Pipelines;

/// <summary>
/// When a sensor message was taken and its place in its sensor's stream. Every pipeline result carries the
/// stamp of the input it was computed from, so a feed can be lined up with the raw message (and with ground
/// truth in a simulated dive) without guessing.
/// </summary>
/// <param name="TimestampNs">Acquisition time in nanoseconds since the Unix epoch (MCAP's log time unit).</param>
/// <param name="Sequence">The sensor's message counter (MCAP's 32-bit sequence); gaps mean lost messages.</param>
public readonly record struct MessageStamp(long TimestampNs, uint Sequence)
{
    /// <summary>The timestamp in seconds since the Unix epoch.</summary>
    public double TimestampSeconds => TimestampNs * 1e-9;
}
