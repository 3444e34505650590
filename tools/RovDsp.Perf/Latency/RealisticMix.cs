using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Echosounder;
using RovDsp.Replay.Simulation.Multibeam;
using RovDsp.Replay.Simulation.Slurry;

namespace RovDsp.Perf.Latency;

/// <summary>
/// The realistic input of one vehicle (issue 6): 20 echosounder pings/s, 10 multibeam frames/s of 256 × 703
/// 8-bit samples and one slurry line of 8 sensors at 100 Hz each (800 samples/s), simulated by src/Replay's
/// simulators from a nominal dive while mining (plume developed, the line loaded) and wire-encoded with the
/// src/Dsp/Wire codecs. Everything is generated before any timed run so generation never disturbs timing.
/// </summary>
public sealed class RealisticMix
{
    /// <summary>Echosounder pings per second.</summary>
    public const double PingRateHz = 20.0;

    /// <summary>Multibeam frames per second.</summary>
    public const double FrameRateHz = 10.0;

    /// <summary>Samples per second of each slurry sensor.</summary>
    public const double SlurrySensorRateHz = 100.0;

    // Mining starts 30 s into a nominal dive; from 35 s the plume and the line's concentration are developing.
    private const double WindowStartS = 35.0;

    private RealisticMix(MixStream ping, MixStream slurry, MixStream multibeam)
    {
        Ping = ping;
        Slurry = slurry;
        Multibeam = multibeam;
    }

    /// <summary>One echosounder's pings.</summary>
    public MixStream Ping { get; }

    /// <summary>One slurry line's samples (all 8 sensors, interleaved in time order).</summary>
    public MixStream Slurry { get; }

    /// <summary>One multibeam's frames.</summary>
    public MixStream Multibeam { get; }

    /// <summary>The three streams.</summary>
    public IReadOnlyList<MixStream> Streams => [Ping, Slurry, Multibeam];

    /// <summary>Pipeline settings matching the mix (slurry sensors at 100 Hz, as simulated).</summary>
    public static SlurryLineSettings SlurrySettings { get; } = new() { Sensors = SlurrySensors };

    private static SlurrySensorSpec[] SlurrySensors =>
        [.. SlurryLineSettings.DefaultSensors.Select(s => s with { RateHz = SlurrySensorRateHz })];

    /// <summary>Simulates and encodes <paramref name="loopSeconds"/> of each stream.</summary>
    public static RealisticMix Generate(double loopSeconds = 5.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(loopSeconds, 1.0);
        var loopNs = (long)(loopSeconds * 1e9);
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 7, TimeSpan.FromSeconds(WindowStartS + loopSeconds + 1)));
        var startNs = world.Scenario.StartTimeNs + (long)(WindowStartS * 1e9);
        var endNs = startNs + loopNs;

        var pings = new List<(long, byte[])>();
        var echo = new EchosounderSimulator(world, new EchosounderSimulatorSettings { PingRateHz = PingRateHz });
        while (echo.HasNext)
        {
            var ping = echo.Next().Ping;
            if (ping.Stamp.TimestampNs >= startNs && ping.Stamp.TimestampNs < endNs)
            {
                var bytes = new byte[EchosounderPingCodec.GetEncodedLength(ping)];
                EchosounderPingCodec.Encode(ping, bytes);
                pings.Add((ping.Stamp.TimestampNs - startNs, bytes));
            }
        }

        var samples = new List<(long, byte[])>();
        var slurry = new SlurrySimulator(world, new SlurrySimulatorSettings { Sensors = SlurrySensors });
        while (slurry.TryNext(out var sample, out _))
        {
            if (sample.Stamp.TimestampNs >= startNs && sample.Stamp.TimestampNs < endNs)
            {
                var bytes = new byte[SlurrySampleCodec.EncodedLength];
                SlurrySampleCodec.Encode(sample, bytes);
                samples.Add((sample.Stamp.TimestampNs - startNs, bytes));
            }
        }

        var frames = new List<(long, byte[])>();
        var multibeam = new MultibeamSimulator(world, new MultibeamSimulatorSettings { FrameRateHz = FrameRateHz });
        var frame = multibeam.CreateFrame();
        var truth = new List<MultibeamObstacleTruth>();
        for (var k = (int)Math.Ceiling(WindowStartS * FrameRateHz); k < multibeam.FrameCount; k++)
        {
            multibeam.Simulate(k, frame, truth);
            var t = (long)(multibeam.TimeOfFrame(k) * 1e9);
            var offset = t - (long)(WindowStartS * 1e9);
            if (offset >= loopNs)
            {
                break;
            }

            var bytes = new byte[MultibeamFrameCodec.GetEncodedLength(frame)];
            MultibeamFrameCodec.Encode(frame, bytes);
            frames.Add((offset, bytes));
        }

        return new RealisticMix(Stream(MixKind.Ping, pings, loopNs), Stream(MixKind.Slurry, samples, loopNs),
            Stream(MixKind.Multibeam, frames, loopNs));
    }

    private static MixStream Stream(MixKind kind, List<(long Offset, byte[] Bytes)> messages, long loopNs)
    {
        if (messages.Count == 0)
        {
            throw new InvalidOperationException($"the simulator produced no {kind} messages in the window");
        }

        return new MixStream(kind, [.. messages.Select(m => m.Bytes)], [.. messages.Select(m => m.Offset)], loopNs);
    }
}
