using RovDsp.Dsp.Wire;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Echosounder;
using RovDsp.Replay.Simulation.Slurry;

namespace RovDsp.Bridge.Cli;

/// <summary>A dive simulated into an in-memory MCAP recording (echosounder and slurry line, the recording
/// conventions' raw topics), so <c>--simulate</c> plays exactly as a shipped recording would.</summary>
internal static class SimulatedDive
{
    /// <summary>Simulates <paramref name="kind"/> for <paramref name="duration"/> (seed 1) for vehicle
    /// <paramref name="vehicle"/>; returns the recording positioned at its start.</summary>
    public static MemoryStream Record(ScenarioKind kind, TimeSpan duration, string vehicle)
    {
        var world = DiveWorld.Create(DiveScenario.Create(kind, 1, duration));
        var messages = new List<(long Time, int Channel, byte[] Data)>();
        var echo = new EchosounderSimulator(world);
        while (echo.HasNext)
        {
            var ping = echo.Next().Ping;
            var bytes = new byte[EchosounderPingCodec.GetEncodedLength(ping)];
            EchosounderPingCodec.Encode(ping, bytes);
            messages.Add((ping.Stamp.TimestampNs, 0, bytes));
        }

        var slurry = new SlurrySimulator(world);
        while (slurry.TryNext(out var sample, out _))
        {
            var bytes = new byte[SlurrySampleCodec.EncodedLength];
            SlurrySampleCodec.Encode(sample, bytes);
            messages.Add((sample.Stamp.TimestampNs, 1, bytes));
        }

        // Stable order by time, echosounder before slurry at equal times: the same dive gives the same bytes.
        messages.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Channel.CompareTo(b.Channel));
        var stream = new MemoryStream();
        using (var writer = new McapWriter(stream, null, leaveOpen: true))
        {
            var description = "RovDsp wire encoding, see docs/wire-encoding.md"u8;
            var echoSchema = writer.RegisterSchema("rovdsp.wire.EchosounderPing", "rovdsp-wire-1", description);
            var slurrySchema = writer.RegisterSchema("rovdsp.wire.SlurrySample", "rovdsp-wire-1", description);
            ushort[] channels =
            [
                writer.RegisterChannel(echoSchema, $"rov/{vehicle}/raw/echosounder/echo1", "rovdsp-wire"),
                writer.RegisterChannel(slurrySchema, $"rov/{vehicle}/raw/slurry/line1", "rovdsp-wire"),
            ];
            var sequence = new uint[2];
            foreach (var (time, channel, data) in messages)
            {
                writer.WriteMessage(channels[channel], sequence[channel]++, (ulong)time, (ulong)time, data);
            }
        }

        stream.Position = 0;
        return stream;
    }
}
