using System.IO.Ports;

namespace RovDsp.Bridge.Hardware;

/// <summary>Ping protocol over a serial port (Ping1D, or a Ping360 on its RS-485/USB interface): 8N1 at the
/// configured baud rate (115200 by default, the devices' default).</summary>
public sealed class SerialPingTransport : IPingTransport
{
    private readonly SerialPort _port;
    private readonly Stream _stream;

    /// <summary>Opens <paramref name="portName"/> (for example /dev/ttyUSB0).</summary>
    public SerialPingTransport(string portName, int baudRate = 115200)
    {
        ArgumentException.ThrowIfNullOrEmpty(portName);
        ArgumentOutOfRangeException.ThrowIfLessThan(baudRate, 1200);
        _port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One) { ReadTimeout = SerialPort.InfiniteTimeout };
        _port.Open();
        _stream = _port.BaseStream;
        Description = $"serial://{portName}@{baudRate}";
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _port.Dispose();
        return ValueTask.CompletedTask;
    }
}
