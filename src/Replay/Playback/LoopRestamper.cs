using System.Buffers.Binary;
using RovDsp.Dsp.Wire;

namespace RovDsp.Replay.Playback;

/// <summary>
/// Makes a looped playback one continuing dive instead of the same minutes again: from the second pass on, each raw
/// wire message's acquisition time is moved on by the pass's length and its sequence number by the sensor's count in
/// one pass, so time and sequences keep increasing across passes. Played as recorded, every pass went back in time:
/// the slurry line's tonnes stopped at the first pass's total, the feeds' times jumped back, and a recording of the
/// looped feeds could not be processed as a dive. Ping-protocol frames carry no time and are played as recorded.
/// The first pass is observed (<see cref="Observe"/>); later passes are rewritten in the player's own copy
/// (<see cref="Apply"/>), so the recording is never touched.
/// </summary>
public sealed class LoopRestamper
{
    /// <summary>Gap between one pass's last instant and the next pass's first, ns: the playback restarts at once, and a
    /// millisecond keeps every sensor's times strictly increasing.</summary>
    public const long PassGapNs = 1_000_000;

    private readonly Dictionary<ushort, (uint First, uint Last)> _sequences = [];
    private ulong _firstLogTime = ulong.MaxValue;
    private ulong _lastLogTime;

    /// <summary>Length of one pass in message time (the first pass's log-time span plus <see cref="PassGapNs"/>).</summary>
    public long PassLengthNs => _firstLogTime == ulong.MaxValue ? 0 : (long)(_lastLogTime - _firstLogTime) + PassGapNs;

    /// <summary>Notes one message of the first pass: its log time, and (a wire message) its sequence number.</summary>
    public void Observe(ushort channelId, ulong logTime, ReadOnlySpan<byte> payload, bool wire)
    {
        _firstLogTime = Math.Min(_firstLogTime, logTime);
        _lastLogTime = Math.Max(_lastLogTime, logTime);
        if (!wire || WireHeader.TryRead(payload, out var header, out _) != WireError.None)
        {
            return;
        }

        var sequence = header.Stamp.Sequence;
        _sequences[channelId] = _sequences.TryGetValue(channelId, out var range) ? (range.First, sequence) : (sequence, sequence);
    }

    /// <summary>Moves the time and sequence of one wire message of pass <paramref name="pass"/> (1 is the first, left
    /// as recorded) on by <c>pass − 1</c> passes, in place. A payload that is not a valid wire message is left alone
    /// (the bridge counts it as it would have).</summary>
    public void Apply(ushort channelId, int pass, Span<byte> payload)
    {
        if (pass <= 1 || WireHeader.TryRead(payload, out var header, out _) != WireError.None)
        {
            return;
        }

        var passes = pass - 1;
        BinaryPrimitives.WriteInt64LittleEndian(payload[8..], header.Stamp.TimestampNs + (passes * PassLengthNs));
        if (_sequences.TryGetValue(channelId, out var range))
        {
            // Sequence numbers are u32 and wrap, as the sensors' own do.
            var perPass = unchecked(range.Last - range.First + 1);
            BinaryPrimitives.WriteUInt32LittleEndian(payload[16..], unchecked(header.Stamp.Sequence + ((uint)passes * perPass)));
        }
    }
}
