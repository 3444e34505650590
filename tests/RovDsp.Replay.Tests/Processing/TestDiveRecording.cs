using System.Globalization;
using System.Text;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Wire;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Recording;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Echosounder;
using RovDsp.Replay.Simulation.Multibeam;
using RovDsp.Replay.Simulation.Slurry;

namespace RovDsp.Replay.Tests.Processing;

/// <summary>Writes a simulated dive as an MCAP recording following the recording conventions (raw topics,
/// <c>rovdsp-wire</c> encoding, <c>truth/altitude</c> and <c>truth/slurry</c> JSON channels), streaming the three
/// simulators merged in time order so a 10-minute dive never sits in memory.</summary>
internal static class TestDiveRecording
{
    public static void Write(string path, ScenarioKind kind, ulong seed, TimeSpan duration, double multibeamRateHz)
    {
        var world = DiveWorld.Create(DiveScenario.Create(kind, seed, duration));
        using var stream = File.Create(path);
        using var writer = new McapWriter(stream);
        var wireSchema = (string name) => writer.RegisterSchema("rovdsp.wire." + name, "rovdsp-wire-1",
            Encoding.UTF8.GetBytes("RovDsp wire encoding, see docs/wire-encoding.md"));
        var echoChannel = writer.RegisterChannel(wireSchema("EchosounderPing"), "rov/rov1/raw/echosounder/echo1", "rovdsp-wire");
        var slurryChannel = writer.RegisterChannel(wireSchema("SlurrySample"), "rov/rov1/raw/slurry/line1", "rovdsp-wire");
        // The truth channels as DiveRecorder writes them (TruthSchemas: times as {sec, nsec}), so a processed copy opens
        // in the viewers like any other dive.
        var altitudeTruth = writer.RegisterChannel(writer.RegisterSchema(TruthSchemas.AltitudeName, "jsonschema", Encoding.UTF8.GetBytes(TruthSchemas.Altitude)),
            "truth/altitude", "json");
        var slurryTruth = writer.RegisterChannel(writer.RegisterSchema(TruthSchemas.SlurryName, "jsonschema", Encoding.UTF8.GetBytes(TruthSchemas.Slurry)),
            "truth/slurry", "json");
        var sources = new List<IEnumerator<(long T, ushort Channel, byte[] Data)>>
        {
            Echo(world, echoChannel, altitudeTruth).GetEnumerator(),
            Slurry(world, slurryChannel, slurryTruth).GetEnumerator(),
        };
        if (multibeamRateHz > 0)
        {
            var mbChannel = writer.RegisterChannel(wireSchema("MultibeamFrame"), "rov/rov1/raw/multibeam/mb1", "rovdsp-wire");
            sources.Add(Multibeam(world, mbChannel, multibeamRateHz).GetEnumerator());
        }

        var live = new List<IEnumerator<(long T, ushort Channel, byte[] Data)>>();
        foreach (var s in sources)
        {
            if (s.MoveNext())
            {
                live.Add(s);
            }
        }

        var sequences = new uint[16];
        while (live.Count > 0)
        {
            var best = 0;
            for (var i = 1; i < live.Count; i++)
            {
                if (live[i].Current.T < live[best].Current.T)
                {
                    best = i;
                }
            }

            var (t, channel, data) = live[best].Current;
            writer.WriteMessage(channel, sequences[channel]++, (ulong)t, (ulong)t, data);
            if (!live[best].MoveNext())
            {
                live.RemoveAt(best);
            }
        }

        writer.WriteMetadata("dive", new Dictionary<string, string> { ["kind"] = kind.ToString(), ["seed"] = seed.ToString(CultureInfo.InvariantCulture) });
        writer.Close();
    }

    private static IEnumerable<(long, ushort, byte[])> Echo(DiveWorld world, ushort channel, ushort truth)
    {
        var sim = new EchosounderSimulator(world);
        foreach (var p in sim.Pings())
        {
            var bytes = new byte[EchosounderPingCodec.GetEncodedLength(p.Ping)];
            EchosounderPingCodec.Encode(p.Ping, bytes);
            var t = p.Ping.Stamp.TimestampNs;
            yield return (t, channel, bytes);
            yield return (t, truth, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{{\"t\":{Time(t)},\"seq\":{p.Ping.Stamp.Sequence},\"altitudeM\":{p.TrueAltitudeM:R}}}")));
        }
    }

    private static IEnumerable<(long, ushort, byte[])> Slurry(DiveWorld world, ushort channel, ushort truthChannel)
    {
        var sim = new SlurrySimulator(world);
        var nextTruth = long.MinValue;
        while (sim.TryNext(out var sample, out var truth))
        {
            var bytes = new byte[SlurrySampleCodec.EncodedLength];
            SlurrySampleCodec.Encode(sample, bytes);
            var t = sample.Stamp.TimestampNs;
            yield return (t, channel, bytes);
            if (t >= nextTruth)
            {
                nextTruth = t + 100_000_000;
                yield return (t, truthChannel, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"t\":{Time(t)},\"seq\":{sample.Stamp.Sequence},\"velocityMps\":{truth.VelocityMps:R},\"densityKgM3\":{truth.DensityKgM3:R},\"flowM3PerHour\":{truth.FlowM3PerHour:R},\"drySolidsTph\":{truth.DrySolidsTph:R},\"mixtureTph\":{truth.MixtureTph:R},\"cumulativeDryTonnes\":{truth.CumulativeDryTonnes:R},\"cumulativeWetTonnes\":{truth.CumulativeWetTonnes:R},\"clogRestriction\":{truth.ClogRestriction:R}}}")));
            }
        }
    }

    private static string Time(long ns) => string.Create(CultureInfo.InvariantCulture, $"{{\"sec\":{ns / 1_000_000_000},\"nsec\":{ns % 1_000_000_000}}}");

    private static IEnumerable<(long, ushort, byte[])> Multibeam(DiveWorld world, ushort channel, double rateHz)
    {
        var sim = new MultibeamSimulator(world, new MultibeamSimulatorSettings { FrameRateHz = rateHz });
        var frame = sim.CreateFrame();
        var truth = new List<MultibeamObstacleTruth>();
        for (var k = 0; k < sim.FrameCount; k++)
        {
            truth.Clear();
            sim.Simulate(k, frame, truth);
            var bytes = new byte[MultibeamFrameCodec.GetEncodedLength(frame)];
            MultibeamFrameCodec.Encode(frame, bytes);
            yield return (frame.Stamp.TimestampNs, channel, bytes);
        }
    }
}
