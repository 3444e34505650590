using System.Net.Sockets;

namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>
/// A Modbus TCP client (ours: no Modbus library is allowed in): one connection, one request at a time, each with a
/// fresh transaction id and a timeout. Every failure is counted by kind and thrown with its reason; the caller
/// decides what a failed read means. A device exception or a short (but well-framed) answer leaves the connection
/// up; a closed connection or a header that is not Modbus TCP drops it, and the next request reconnects.
/// </summary>
/// <remarks>A timed-out request's answer may still arrive later: it then carries an older transaction id and is
/// discarded (and counted) while the client waits for the answer it wants.</remarks>
public sealed class ModbusTcpClient : IAsyncDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _send = new byte[ModbusFrame.MaxFrameLength];
    private readonly byte[] _receive = new byte[2 * ModbusFrame.MaxFrameLength];
    private readonly long[] _exceptionsByCode = new long[256];
    private Socket? _socket;
    private int _received;
    private ushort _transaction;

    /// <summary>Creates a client for <paramref name="host"/>:<paramref name="port"/> (not yet connected).</summary>
    public ModbusTcpClient(string host, int port = 502, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _host = host;
        _port = port;
        Timeout = timeout ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>How long a request waits for its answer (the connect included).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>host:port, for messages.</summary>
    public string Description => $"modbus://{_host}:{_port}";

    /// <summary>Whether a connection is up.</summary>
    public bool Connected => _socket is not null;

    /// <summary>Requests sent.</summary>
    public long Requests { get; private set; }

    /// <summary>Good answers.</summary>
    public long Responses { get; private set; }

    /// <summary>Exception responses from the device.</summary>
    public long DeviceExceptions { get; private set; }

    /// <summary>Exception responses by exception code (codes never answered are left out).</summary>
    public IEnumerable<(byte Code, long Count)> DeviceExceptionsByCode()
    {
        for (var code = 0; code < _exceptionsByCode.Length; code++)
        {
            var n = Interlocked.Read(ref _exceptionsByCode[code]);
            if (n > 0)
            {
                yield return ((byte)code, n);
            }
        }
    }

    /// <summary>Requests with no answer in time.</summary>
    public long Timeouts { get; private set; }

    /// <summary>Frames whose transaction id was not the request's (late answers to timed-out requests), discarded.</summary>
    public long WrongTransactions { get; private set; }

    /// <summary>Answers shorter than they must be, or cut off by the connection closing.</summary>
    public long ShortFrames { get; private set; }

    /// <summary>Frames that were not Modbus TCP or answered another unit or function.</summary>
    public long BadFrames { get; private set; }

    /// <summary>Connections made.</summary>
    public long Connects { get; private set; }

    /// <summary>Connections lost or dropped after an error.</summary>
    public long Disconnects { get; private set; }

    /// <summary>The last failure's reason, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>Reads <paramref name="registers"/>.Length registers at <paramref name="address"/> with function 3
    /// or 4.</summary>
    public Task ReadAsync(byte unit, ModbusFunction function, ushort address, Memory<ushort> registers, CancellationToken cancellationToken)
    {
        var count = (ushort)registers.Length;
        return ExchangeAsync(unit, function, registers,
            (buffer, tid) => ModbusFrame.WriteReadRequest(buffer, tid, unit, function, address, count), cancellationToken);
    }

    /// <summary>Function 23: writes <paramref name="values"/> at <paramref name="writeAddress"/>, then reads
    /// <paramref name="registers"/>.Length holding registers at <paramref name="readAddress"/>.</summary>
    public Task ReadWriteAsync(byte unit, ushort readAddress, Memory<ushort> registers, ushort writeAddress, ReadOnlyMemory<ushort> values,
        CancellationToken cancellationToken)
    {
        var count = (ushort)registers.Length;
        return ExchangeAsync(unit, ModbusFunction.ReadWriteMultipleRegisters, registers,
            (buffer, tid) => ModbusFrame.WriteReadWriteRequest(buffer, tid, unit, readAddress, count, writeAddress, values.Span), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        _socket = null;
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private delegate int RequestWriter(Span<byte> buffer, ushort transaction);

    private async Task ExchangeAsync(byte unit, ModbusFunction function, Memory<ushort> registers, RequestWriter write,
        CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            var socket = _socket ?? await ConnectAsync(deadline.Token).ConfigureAwait(false);
            var tid = ++_transaction;
            var length = write(_send, tid);
            Requests++;
            await socket.SendAsync(_send.AsMemory(0, length), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            while (true)
            {
                var frameLength = await ReceiveFrameAsync(socket, deadline.Token).ConfigureAwait(false);
                var frame = _receive.AsSpan(0, frameLength);
                if (ModbusFrame.Transaction(frame) != tid)
                {
                    WrongTransactions++;
                    LastError = $"discarded a frame with transaction id {ModbusFrame.Transaction(frame)} while waiting for {tid}";
                    Consume(frameLength);
                    continue;
                }

                try
                {
                    ModbusFrame.ReadResponse(frame, unit, function, registers.Span);
                }
                finally
                {
                    Consume(frameLength);
                }

                Responses++;
                return;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Timeouts++;
            LastError = $"no answer from {Description} (unit {unit}, function {(byte)function}) within {Timeout.TotalMilliseconds:F0} ms";
            throw new TimeoutException(LastError);
        }
        catch (ModbusDeviceException ex)
        {
            DeviceExceptions++;
            Interlocked.Increment(ref _exceptionsByCode[ex.Code]);
            LastError = ex.Message;
            throw;
        }
        catch (ModbusProtocolException ex)
        {
            if (ex.ShortFrame)
            {
                ShortFrames++;
            }
            else
            {
                // Not Modbus TCP, or the wrong unit/function: the stream's framing cannot be trusted any more.
                BadFrames++;
                Drop();
            }

            LastError = ex.Message;
            throw;
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            LastError = $"{Description}: {ex.Message}";
            Drop();
            throw new IOException(LastError, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Connects++;
        _received = 0;
        _socket = socket;
        return socket;
    }

    // Receives until one whole frame is at the start of the buffer; returns its length. A cancelled receive keeps
    // the bytes already in (the socket stays usable), so a late answer is still framed correctly afterwards.
    private async Task<int> ReceiveFrameAsync(Socket socket, CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = ModbusFrame.FrameLength(_receive.AsSpan(0, _received));
            if (length > 0 && _received >= length)
            {
                return length;
            }

            var n = await socket.ReceiveAsync(_receive.AsMemory(_received), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                var partial = _received;
                Drop();
                if (partial > 0)
                {
                    ShortFrames++;
                    throw new IOException($"{Description} closed the connection {partial} bytes into a frame (short frame)");
                }

                throw new IOException($"{Description} closed the connection");
            }

            _received += n;
        }
    }

    private void Consume(int length)
    {
        _received -= length;
        if (_received > 0)
        {
            Buffer.BlockCopy(_receive, length, _receive, 0, _received);
        }
    }

    private void Drop()
    {
        if (_socket is null)
        {
            return;
        }

        Disconnects++;
        _socket.Dispose();
        _socket = null;
        _received = 0;
    }
}
