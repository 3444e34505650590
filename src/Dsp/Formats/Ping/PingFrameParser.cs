namespace RovDsp.Dsp.Formats.Ping;

/// <summary>
/// Streaming Ping protocol frame parser: feed it byte chunks of any size and it calls back once per complete
/// frame whose checksum verifies. It resynchronises after garbage, oversized length fields and bad checksums by
/// dropping one byte and searching for the next 'B','R', so a real frame hidden inside a corrupted one is found.
/// </summary>
/// <remarks>
/// Memory is one buffer of header + maximum payload + checksum bytes allocated at construction; nothing is
/// allocated per frame. The result does not depend on how the stream is split into chunks.
/// </remarks>
public sealed class PingFrameParser
{
    private readonly byte[] _buffer;
    private readonly int _maxPayloadLength;
    private int _start;
    private int _end;

    /// <summary>Creates a parser.</summary>
    /// <param name="maxPayloadLength">Frames announcing a longer payload are rejected as oversized (0 to 65535).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPayloadLength"/> is outside 0..65535.</exception>
    public PingFrameParser(int maxPayloadLength = PingFraming.MaxPayloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPayloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadLength, PingFraming.MaxPayloadLength);
        _maxPayloadLength = maxPayloadLength;
        _buffer = new byte[PingFraming.HeaderLength + maxPayloadLength + PingFraming.ChecksumLength];
    }

    /// <summary>Largest accepted payload length.</summary>
    public int MaxPayloadLength => _maxPayloadLength;

    /// <summary>Number of valid frames delivered since construction or <see cref="Reset"/>.</summary>
    public long Frames { get; private set; }

    /// <summary>Number of candidate frames whose checksum did not match.</summary>
    public long ChecksumErrors { get; private set; }

    /// <summary>Number of headers whose payload length exceeded <see cref="MaxPayloadLength"/>.</summary>
    public long Oversized { get; private set; }

    /// <summary>Number of bytes dropped while searching for a frame (not part of any delivered frame).</summary>
    public long BytesDiscarded { get; private set; }

    /// <summary>Number of bytes held waiting for the rest of a frame.</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>Drops any partial frame and zeroes the counters.</summary>
    public void Reset()
    {
        _start = 0;
        _end = 0;
        Frames = 0;
        ChecksumErrors = 0;
        Oversized = 0;
        BytesDiscarded = 0;
    }

    /// <summary>Consumes <paramref name="data"/>, calling <paramref name="onFrame"/> for every complete valid frame.</summary>
    /// <param name="data">The next bytes of the stream (any length, including empty).</param>
    /// <param name="onFrame">Called synchronously for each frame; the frame's payload is valid only during the call.</param>
    /// <returns>The number of frames delivered by this call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onFrame"/> is null.</exception>
    public int Process(ReadOnlySpan<byte> data, PingFrameHandler onFrame)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        int delivered = 0;
        while (true)
        {
            int space = _buffer.Length - _end;
            if (space < data.Length && _start > 0)
            {
                // Compact so the pending bytes begin at 0; at most one buffer length is moved per refill.
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
                space = _buffer.Length - _end;
            }

            int take = Math.Min(space, data.Length);
            data.Slice(0, take).CopyTo(_buffer.AsSpan(_end));
            _end += take;
            data = data.Slice(take);

            delivered += Drain(onFrame);
            if (data.IsEmpty)
            {
                return delivered;
            }
        }
    }

    // Extracts every decidable frame from the buffered bytes; stops when the next candidate is incomplete.
    private int Drain(PingFrameHandler onFrame)
    {
        int delivered = 0;
        while (true)
        {
            ReadOnlySpan<byte> pending = _buffer.AsSpan(_start, _end - _start);
            if (pending.IsEmpty)
            {
                _start = 0;
                _end = 0;
                return delivered;
            }

            if (pending[0] != PingFraming.Start1)
            {
                int next = pending.IndexOf(PingFraming.Start1);
                Discard(next < 0 ? pending.Length : next);
                continue;
            }

            if (pending.Length < 2)
            {
                return delivered;
            }

            if (pending[1] != PingFraming.Start2)
            {
                Discard(1);
                continue;
            }

            if (pending.Length < PingFraming.HeaderLength)
            {
                return delivered;
            }

            int payloadLength = PingFraming.PayloadLengthOf(pending);
            if (payloadLength > _maxPayloadLength)
            {
                Oversized++;
                Discard(1);
                continue;
            }

            int total = PingFraming.HeaderLength + payloadLength + PingFraming.ChecksumLength;
            if (pending.Length < total)
            {
                return delivered;
            }

            int body = total - PingFraming.ChecksumLength;
            ushort expected = (ushort)(pending[body] | (pending[body + 1] << 8));
            if (PingFraming.Checksum(pending.Slice(0, body)) != expected)
            {
                ChecksumErrors++;
                Discard(1);
                continue;
            }

            var frame = new PingFrame(
                (ushort)(pending[4] | (pending[5] << 8)),
                pending[6],
                pending[7],
                pending.Slice(PingFraming.HeaderLength, payloadLength));
            _start += total;
            Frames++;
            delivered++;
            onFrame(frame);
        }
    }

    private void Discard(int count)
    {
        _start += count;
        BytesDiscarded += count;
    }
}
