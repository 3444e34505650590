namespace RovDsp.Dsp.Formats.Ping;

/// <summary>Receives each complete, checksum-verified frame found by <see cref="PingFrameParser"/>.</summary>
/// <param name="frame">The frame; its payload view is only valid during the call.</param>
public delegate void PingFrameHandler(PingFrame frame);
