namespace RovDsp.Bridge.Hardware;

/// <summary>A byte link to a Blue Robotics Ping device: a UDP socket (Ping360 over Ethernet) or a serial port.
/// Frames may arrive split or merged; the driver's <see cref="RovDsp.Dsp.Formats.Ping.PingFrameParser"/> sorts
/// that out.</summary>
public interface IPingTransport : IAsyncDisposable
{
    /// <summary>What the link is, for logs and metrics (for example <c>udp://192.168.2.2:12345</c>).</summary>
    string Description { get; }

    /// <summary>Sends one complete frame.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    /// <summary>Receives the next bytes into <paramref name="buffer"/>; returns how many (0 when the link closed).</summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}
