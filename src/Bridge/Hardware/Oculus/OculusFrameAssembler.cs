using System.Buffers.Binary;
using RovDsp.Dsp.Formats.Oculus;

namespace RovDsp.Bridge.Hardware.Oculus;

/// <summary>
/// Cuts the byte stream from an Oculus sonar's TCP connection into whole messages (16-byte header, then payloadSize
/// bytes), however the reads split or merge them. Bytes that do not start a plausible header (garbage) are skipped
/// until the next oculusId 0x4F53; a message cut short by the start of another ping result (a half-sent frame) is
/// dropped as a bad frame and the stream resumes at the new header. Each is counted, with the last reason kept.
/// </summary>
/// <remarks>Unlike <see cref="OculusStreamSplitter"/>, which splits a whole capture, this works on a live stream:
/// it must not wait for megabytes of a header that garbage made up, nor lose the next good frame behind a half
/// one, so it also looks for a ping-result header inside the message it is waiting for.</remarks>
public sealed class OculusFrameAssembler
{
    /// <summary>Largest payloadSize taken as real (512 beams × 2,048 ranges × 4 bytes is 4 MiB).</summary>
    public const uint MaxPayload = 8 * 1024 * 1024;

    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scannedTo;
    private bool _outOfSync;

    /// <summary>Creates an assembler with room for <paramref name="initialCapacity"/> bytes (it grows as needed).</summary>
    public OculusFrameAssembler(int initialCapacity = 1 << 20)
    {
        _buffer = new byte[initialCapacity];
    }

    /// <summary>Bytes skipped while looking for the next header.</summary>
    public long BytesSkipped { get; private set; }

    /// <summary>Times the stream lost and regained message alignment.</summary>
    public long Resyncs { get; private set; }

    /// <summary>Messages dropped because another ping result began inside them (half-sent).</summary>
    public long TruncatedFrames { get; private set; }

    /// <summary>What went wrong last, or null.</summary>
    public string? LastProblem { get; private set; }

    /// <summary>Bytes held for a message not yet complete.</summary>
    public int Pending => _end - _start;

    /// <summary>Room to read into: at least <paramref name="minimum"/> bytes after the held ones.</summary>
    public Memory<byte> GetWriteBuffer(int minimum)
    {
        if (_buffer.Length - _end < minimum)
        {
            var held = _end - _start;
            if (_buffer.Length - held < minimum)
            {
                var grown = new byte[Math.Max(_buffer.Length * 2, held + minimum)];
                _buffer.AsSpan(_start, held).CopyTo(grown);
                _buffer = grown;
            }
            else
            {
                _buffer.AsSpan(_start, held).CopyTo(_buffer);
            }

            _scannedTo -= _start;
            _start = 0;
            _end = held;
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Says that <paramref name="count"/> bytes were written into the last <see cref="GetWriteBuffer"/>.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Copies <paramref name="data"/> in (tests and callers that do not read in place).</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetWriteBuffer(data.Length).Span);
        Advance(data.Length);
    }

    /// <summary>The next whole message, valid until the next call that adds bytes; false when more bytes are needed.</summary>
    public bool TryNext(out ReadOnlyMemory<byte> message)
    {
        message = default;
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var at = span.IndexOf("SO"u8); // 0x4F53 little-endian
            if (at < 0)
            {
                // Keep a last 'S' that may begin a header; the rest is garbage.
                var keep = span.Length > 0 && span[^1] == 0x53 ? 1 : 0;
                Skip(span.Length - keep, "bytes that are not an Oculus message");
                return false;
            }

            if (at > 0)
            {
                Skip(at, "bytes that are not an Oculus message");
                span = span[at..];
            }

            if (span.Length < OculusMessageHeader.Size)
            {
                return false;
            }

            var header = OculusMessageHeader.Parse(span, 0);
            if (header.PayloadSize > MaxPayload || header.MessageVersion > 2)
            {
                Skip(1, $"implausible header (payloadSize {header.PayloadSize}, msgVersion {header.MessageVersion})");
                continue;
            }

            var length = (int)header.MessageLength;
            var available = Math.Min(length, span.Length);
            var from = Math.Max(OculusMessageHeader.Size, _scannedTo - _start);
            var inner = FindPingHeader(span, from, available);
            if (inner > 0)
            {
                TruncatedFrames++;
                Skip(inner, $"a message header claiming {length} bytes followed after {inner} bytes by the next ping result (a half-sent frame, or garbage that looked like a header)");
                continue;
            }

            if (span.Length < length)
            {
                // Everything up to here has been searched for an inner header; only new bytes are searched next time.
                _scannedTo = Math.Max(_start, _end - (OculusMessageHeader.Size - 1));
                return false;
            }

            message = _buffer.AsMemory(_start, length);
            _start += length;
            _scannedTo = _start;
            if (_outOfSync)
            {
                Resyncs++;
                _outOfSync = false;
            }

            return true;
        }
    }

    /// <summary>Forgets the held bytes (the connection is gone); returns how many there were.</summary>
    public int Reset()
    {
        var held = _end - _start;
        _start = _end = _scannedTo = 0;
        _outOfSync = false;
        return held;
    }

    private void Skip(int count, string reason)
    {
        if (count <= 0)
        {
            return;
        }

        BytesSkipped += count;
        _start += count;
        _scannedTo = Math.Max(_scannedTo, _start);
        _outOfSync = true;
        LastProblem = reason;
    }

    // The offset of a SimplePingResult header within span[from..to], or -1. A false match inside image data needs
    // the magic, msgId 0x23, a version up to 2 and a plausible size at once (about one in 2^50 positions).
    private static int FindPingHeader(ReadOnlySpan<byte> span, int from, int to)
    {
        var limit = Math.Min(to, span.Length) - OculusMessageHeader.Size;
        var pos = from;
        while (pos <= limit)
        {
            var hit = span[pos..(limit + 2)].IndexOf("SO"u8);
            if (hit < 0)
            {
                return -1;
            }

            pos += hit;
            if (pos > limit)
            {
                return -1;
            }

            var h = span[pos..];
            if (BinaryPrimitives.ReadUInt16LittleEndian(h[6..]) == OculusMessageHeader.SimplePingResultId
                && BinaryPrimitives.ReadUInt16LittleEndian(h[8..]) <= 2
                && BinaryPrimitives.ReadUInt32LittleEndian(h[10..]) is var size
                && size >= OculusSimplePingResult.FixedSize - OculusMessageHeader.Size && size <= MaxPayload)
            {
                return pos;
            }

            pos++;
        }

        return -1;
    }
}
