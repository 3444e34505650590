using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using RovDsp.Dsp.Wire;

namespace RovDsp.Bridge.Fleet;

/// <summary>
/// Notices that a vehicle's messages are being split between several bridges: under an MQTT 5 shared subscription
/// whose broker strategy hands out single messages (mosquitto's round robin, EMQX's <c>round_robin</c> or
/// <c>random</c>) each member sees every second or third message of a sensor, so its sequence numbers (wire header,
/// docs/wire-encoding.md) jump forward by small steps again and again. A lost message now and then (a sensor's
/// dropout, a broker's full queue) makes an occasional gap; interleaving makes most arrivals gaps. Stateful pipelines
/// (tonnes lifted is an integral, trackers and despikers hold state) are wrong on half the data, so the fleet host says
/// so loudly rather than carrying on quietly.
/// </summary>
/// <remarks>Per sensor (a slurry line carries several sensors on one topic, each with its own counter, so the key is
/// the topic and, for slurry, the sensor id in the body). Arrivals are judged in blocks of <see cref="Block"/>: a block
/// in which at least <see cref="GapThreshold"/> arrivals followed a forward jump of 2 to <see cref="MaxStep"/> is
/// interleaved. At most <see cref="MaxTracked"/> sensors are tracked per vehicle (invented topics must not grow it).
/// Not thread-safe: one connection's receive loop calls it.</remarks>
public sealed class SequenceInterleaveDetector
{
    /// <summary>Arrivals judged together.</summary>
    public const int Block = 32;

    /// <summary>Gapped arrivals in one block that mean interleaving (a quarter).</summary>
    public const int GapThreshold = 8;

    /// <summary>The largest forward jump counted as a gap of interleaving (N members give jumps of about N; a longer
    /// jump is a dropout or a restarted sensor).</summary>
    public const uint MaxStep = 16;

    /// <summary>Sensors tracked per vehicle at most.</summary>
    public const int MaxTracked = 256;

    private readonly Dictionary<(string Topic, ushort Sensor), Track> _tracks = [];

    /// <summary>Arrivals that followed a small forward jump.</summary>
    public long Gaps { get; private set; }

    /// <summary>Blocks judged interleaved.</summary>
    public long InterleavedBlocks { get; private set; }

    /// <summary>Looks at one raw message; returns a description when this arrival completes a block judged interleaved
    /// for the first time on its sensor, else null. Payloads that are not wire-encoded (Ping protocol frames,
    /// refused garbage) are ignored here: the sensor's worker refuses them with a reason.</summary>
    public string? Observe(string topic, in ReadOnlySequence<byte> payload)
    {
        Span<byte> head = stackalloc byte[WireHeader.Size + 2];
        if (payload.Length < WireHeader.Size)
        {
            return null;
        }

        var length = (int)Math.Min(payload.Length, head.Length);
        payload.Slice(0, length).CopyTo(head);
        if (BinaryPrimitives.ReadUInt16LittleEndian(head) != 0x5752 || head[2] != 1)
        {
            return null;
        }

        var sensorId = head[3] == (byte)WireKind.SlurrySample && length >= WireHeader.Size + 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(head[WireHeader.Size..])
            : (ushort)0;
        var sequence = BinaryPrimitives.ReadUInt32LittleEndian(head[16..]);
        var key = (topic, sensorId);
        if (!_tracks.TryGetValue(key, out var track))
        {
            if (_tracks.Count < MaxTracked)
            {
                _tracks[key] = new Track { Last = sequence };
            }

            return null;
        }

        var step = unchecked(sequence - track.Last);
        track.Last = sequence;
        track.Arrivals++;
        if (step >= 2 && step <= MaxStep)
        {
            track.Gapped++;
            Gaps++;
        }

        string? verdict = null;
        if (track.Arrivals == Block)
        {
            if (track.Gapped >= GapThreshold)
            {
                InterleavedBlocks++;
                if (!track.Reported)
                {
                    track.Reported = true;
                    verdict = string.Create(CultureInfo.InvariantCulture,
                        $"interleaved sequence numbers on {topic}{(sensorId != 0 ? $" sensor {sensorId}" : "")}: {track.Gapped} of the last {Block} messages came after a gap of 2–{MaxStep}; another bridge receives the rest (a shared subscription that round-robins single messages); stateful pipelines (tonnes, trackers) are wrong on this data — use a broker strategy that keeps a vehicle on one member (docs/deployment.md)");
                }
            }

            track.Arrivals = 0;
            track.Gapped = 0;
        }

        _tracks[key] = track;
        return verdict;
    }

    private struct Track
    {
        public uint Last;
        public int Arrivals;
        public int Gapped;
        public bool Reported;
    }
}
