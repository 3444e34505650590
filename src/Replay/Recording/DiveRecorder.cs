using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;
using RovDsp.Processing.Feeds;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Echosounder;
using RovDsp.Replay.Simulation.Multibeam;
using RovDsp.Replay.Simulation.ScanningSonar;
using RovDsp.Replay.Simulation.Slurry;

namespace RovDsp.Replay.Recording;

/// <summary>Writes a simulated dive as MCAP: runs the sensors' simulators on one <see cref="DiveWorld"/>, merges
/// their messages in time order, encodes each with its wire codec on its raw topic and writes the ground truth on
/// <c>truth/*</c> channels (JSON), plus a <c>dive</c> metadata record. Nothing comes from the clock: the same
/// scenario and options give the same bytes.</summary>
public sealed class DiveRecorder
{
    /// <summary>Tool name and version written into the metadata (a constant: it must not change the bytes of a
    /// recording unless the recorder's output changes).</summary>
    public const string ToolVersion = "rovdsp-replay 1";

    private readonly DiveScenario _scenario;
    private readonly DiveRecordingOptions _options;
    private readonly ArrayBufferWriter<byte> _json = new(4096);
    private byte[] _buffer = new byte[64 * 1024];

    /// <summary>Creates a recorder of one dive.</summary>
    /// <param name="scenario">The dive.</param>
    /// <param name="options">What to record (<see cref="DiveRecordingOptions.FullRate"/> when null).</param>
    public DiveRecorder(DiveScenario scenario, DiveRecordingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        _options = options ?? DiveRecordingOptions.FullRate;
        if (_options.SlurryTruthRateHz is not > 0 || double.IsInfinity(_options.SlurryTruthRateHz))
        {
            throw new ArgumentException("SlurryTruthRateHz must be positive and finite.", nameof(options));
        }
        if (string.IsNullOrWhiteSpace(_options.Vehicle) || _options.Vehicle.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("Vehicle must be a non-empty id without '/'.", nameof(options));
        }
    }

    /// <summary>The dive.</summary>
    public DiveScenario Scenario => _scenario;

    /// <summary>The options.</summary>
    public DiveRecordingOptions Options => _options;

    /// <summary>Writes the dive to a file (created or overwritten).</summary>
    /// <param name="path">Output path.</param>
    /// <returns>Number of messages written.</returns>
    public ulong Write(string path)
    {
        // Readers welcome while it is written (rovdsp-replay info on a file being made); writers are not.
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        return Write(file);
    }

    /// <summary>Writes the dive to a stream (left open).</summary>
    /// <param name="output">Where to write.</param>
    /// <returns>Number of messages written.</returns>
    public ulong Write(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var world = DiveWorld.Create(_scenario);
        var o = _options;
        using var writer = new McapWriter(output, o.ToWriterOptions(), leaveOpen: true);
        WriteDiveMetadata(writer);

        var echo = o.Echosounder is null ? null : new EchosounderSimulator(world, o.Echosounder);
        var multibeam = o.Multibeam is null ? null : new MultibeamSimulator(world, o.Multibeam);
        var scanning = o.ScanningSonar is null ? null : new ScanningSonarSimulator(world, o.ScanningSonar);
        var slurry = o.Slurry is null ? null : new SlurrySimulator(world, o.Slurry);

        ushort echoChannel = 0, altitudeChannel = 0, multibeamChannel = 0, obstaclesChannel = 0;
        ushort scanningChannel = 0, slurryChannel = 0, slurryTruthChannel = 0;
        if (echo is not null)
        {
            echoChannel = RawChannel(writer, "echosounder", RecordingTopics.EchosounderSensor, "EchosounderPing");
            altitudeChannel = TruthChannel(writer, RecordingTopics.TruthAltitude, TruthSchemas.AltitudeName, TruthSchemas.Altitude);
        }
        if (multibeam is not null)
        {
            multibeamChannel = RawChannel(writer, "multibeam", RecordingTopics.MultibeamSensor, "MultibeamFrame");
            obstaclesChannel = TruthChannel(writer, RecordingTopics.TruthObstacles, TruthSchemas.ObstaclesName, TruthSchemas.Obstacles);
        }
        if (scanning is not null)
        {
            scanningChannel = RawChannel(writer, "scanning", RecordingTopics.ScanningSensor, "ScanningSonarStep");
        }
        if (slurry is not null)
        {
            slurryChannel = RawChannel(writer, "slurry", RecordingTopics.SlurryLine, "SlurrySample");
            slurryTruthChannel = TruthChannel(writer, RecordingTopics.TruthSlurry, TruthSchemas.SlurryName, TruthSchemas.Slurry);
        }

        var pendingEcho = echo is not null && echo.HasNext ? echo.Next() : null;
        var frames = multibeam?.FrameCount ?? 0;
        var frame = multibeam?.CreateFrame();
        var obstacleTruth = new List<MultibeamObstacleTruth>();
        var nextFrame = 0;
        var steps = scanning is null ? 0L : (long)Math.Floor(_scenario.Duration.TotalSeconds * scanning.Settings.StepRateHz);
        var step = scanning is null ? null : new ScanningSonarStep(scanning.Settings.Samples);
        var nextStep = 0L;
        var hasSlurry = false;
        SlurrySample slurrySample = default;
        SlurryTruth slurryTruth = default;
        if (slurry is not null)
        {
            hasSlurry = slurry.TryNext(out slurrySample, out slurryTruth);
        }
        var slurryTruthPeriod = 1.0 / o.SlurryTruthRateHz;
        var nextSlurryTruthS = 0.0;
        uint slurryTruthSeq = 0;

        while (true)
        {
            // Pick the source whose next message is earliest; ties go to the fixed order echosounder, imaging,
            // scanning, slurry, so the merge is deterministic.
            var best = -1;
            var bestT = long.MaxValue;
            if (pendingEcho is not null && pendingEcho.Ping.Stamp.TimestampNs < bestT)
            {
                best = 0;
                bestT = pendingEcho.Ping.Stamp.TimestampNs;
            }
            if (multibeam is not null && nextFrame < frames && world.TimestampNs(multibeam.TimeOfFrame(nextFrame)) < bestT)
            {
                best = 1;
                bestT = world.TimestampNs(multibeam.TimeOfFrame(nextFrame));
            }
            if (scanning is not null && nextStep < steps && world.TimestampNs(nextStep / scanning.Settings.StepRateHz) < bestT)
            {
                best = 2;
                bestT = world.TimestampNs(nextStep / scanning.Settings.StepRateHz);
            }
            if (hasSlurry && slurrySample.Stamp.TimestampNs < bestT)
            {
                best = 3;
            }

            switch (best)
            {
                case 0:
                    WriteEcho(writer, echoChannel, altitudeChannel, pendingEcho!);
                    pendingEcho = echo!.HasNext ? echo.Next() : null;
                    break;
                case 1:
                    multibeam!.Simulate(nextFrame, frame!, obstacleTruth);
                    WriteFrame(writer, multibeamChannel, obstaclesChannel, frame!, obstacleTruth);
                    nextFrame++;
                    break;
                case 2:
                    scanning!.Next(step!);
                    WriteStep(writer, scanningChannel, step!);
                    nextStep++;
                    break;
                case 3:
                    WriteSlurry(writer, slurryChannel, slurrySample);
                    if (slurryTruth.TimeS >= nextSlurryTruthS)
                    {
                        WriteSlurryTruth(writer, slurryTruthChannel, slurrySample.Stamp.TimestampNs, slurryTruthSeq++, slurryTruth);
                        nextSlurryTruthS = Math.Floor(slurryTruth.TimeS / slurryTruthPeriod + 1.0) * slurryTruthPeriod;
                    }
                    hasSlurry = slurry!.TryNext(out slurrySample, out slurryTruth);
                    break;
                default:
                    writer.Close();
                    return writer.MessageCount;
            }
        }
    }

    private void WriteDiveMetadata(McapWriter writer)
    {
        var s = _scenario;
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["scenario"] = ScenarioName(s.Kind),
            ["seed"] = s.Seed.ToString(CultureInfo.InvariantCulture),
            ["durationS"] = s.Duration.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            ["startTimeNs"] = s.StartTimeNs.ToString(CultureInfo.InvariantCulture),
            ["vehicle"] = _options.Vehicle,
            ["tool"] = ToolVersion,
        };
        if (_options.Echosounder is { } e)
        {
            values["echosounder"] = FormattableString.Invariant($"{e.PingRateHz} pings/s");
        }
        if (_options.Multibeam is { } m)
        {
            values["multibeam"] = FormattableString.Invariant($"{m.Beams} beams x {m.Bins} bins, {m.FrameRateHz} frames/s");
        }
        if (_options.ScanningSonar is { } sc)
        {
            values["scanning"] = FormattableString.Invariant($"{sc.Samples} samples, {sc.StepRateHz} steps/s");
        }
        if (_options.Slurry is { } sl)
        {
            values["slurry"] = FormattableString.Invariant($"{sl.Sensors.Count} sensors");
        }
        writer.WriteMetadata(RecordingTopics.DiveMetadata, values);
    }

    /// <summary>The command-line name of a scenario kind (nominal, clog, obstacle).</summary>
    /// <param name="kind">The kind.</param>
    public static string ScenarioName(ScenarioKind kind) => kind switch
    {
        ScenarioKind.Nominal => "nominal",
        ScenarioKind.Clog => "clog",
        ScenarioKind.Obstacle => "obstacle",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scenario kind."),
    };

    private ushort RawChannel(McapWriter writer, string kind, string sensor, string messageType)
    {
        var schema = writer.RegisterSchema(RecordingTopics.WireSchemaName(messageType), RecordingTopics.WireSchemaEncoding,
            RecordingTopics.WireSchemaData(messageType));
        return writer.RegisterChannel(schema, RecordingTopics.Raw(_options.Vehicle, kind, sensor), RecordingTopics.WireEncoding);
    }

    private static ushort TruthChannel(McapWriter writer, string topic, string schemaName, string schema)
    {
        var id = writer.RegisterSchema(schemaName, RecordingTopics.JsonSchemaEncoding, Encoding.UTF8.GetBytes(schema));
        return writer.RegisterChannel(id, topic, RecordingTopics.JsonEncoding);
    }

    private Span<byte> Buffer(int length)
    {
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }
        return _buffer.AsSpan(0, length);
    }

    private static void Message(McapWriter writer, ushort channel, uint sequence, long timestampNs, ReadOnlySpan<byte> data) =>
        writer.WriteMessage(channel, sequence, (ulong)timestampNs, (ulong)timestampNs, data);

    private void WriteEcho(McapWriter writer, ushort channel, ushort truthChannel, SimulatedEchosounderPing simulated)
    {
        var ping = simulated.Ping;
        var span = Buffer(EchosounderPingCodec.GetEncodedLength(ping));
        var n = EchosounderPingCodec.Encode(ping, span);
        Message(writer, channel, ping.Stamp.Sequence, ping.Stamp.TimestampNs, span[..n]);

        var json = BeginJson(ping.Stamp.TimestampNs, ping.Stamp.Sequence);
        json.WriteNumber("altitudeM", simulated.TrueAltitudeM);
        json.WriteNumber("plumeHeightM", simulated.PlumeHeightM);
        json.WriteBoolean("hasSecondEcho", simulated.HasSecondEcho);
        JsonFeedBuffer.Number(json, "falseLayerRangeM", simulated.FalseLayerRangeM);
        EndJson(writer, json, truthChannel, ping.Stamp.Sequence, ping.Stamp.TimestampNs);
    }

    private void WriteFrame(McapWriter writer, ushort channel, ushort truthChannel, MultibeamFrame frame, List<MultibeamObstacleTruth> truth)
    {
        var span = Buffer(MultibeamFrameCodec.GetEncodedLength(frame));
        var n = MultibeamFrameCodec.Encode(frame, span);
        Message(writer, channel, frame.Stamp.Sequence, frame.Stamp.TimestampNs, span[..n]);

        var json = BeginJson(frame.Stamp.TimestampNs, frame.Stamp.Sequence);
        json.WriteStartArray("obstacles");
        foreach (var obstacle in truth)
        {
            if (!obstacle.InFan)
            {
                continue;
            }
            json.WriteStartObject();
            json.WriteNumber("index", obstacle.Index);
            json.WriteString("kind", obstacle.Kind switch
            {
                ObstacleKind.Boulder => "boulder",
                ObstacleKind.Riser => "riser",
                _ => "lostTool",
            });
            json.WriteNumber("aheadM", obstacle.AheadM);
            json.WriteNumber("starboardM", obstacle.StarboardM);
            json.WriteNumber("rangeM", obstacle.RangeM);
            json.WriteNumber("bearingDeg", obstacle.BearingRad * (180.0 / Math.PI));
            json.WriteNumber("widthM", obstacle.WidthM);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        EndJson(writer, json, truthChannel, frame.Stamp.Sequence, frame.Stamp.TimestampNs);
    }

    private void WriteStep(McapWriter writer, ushort channel, ScanningSonarStep step)
    {
        var span = Buffer(ScanningSonarStepCodec.GetEncodedLength(step));
        var n = ScanningSonarStepCodec.Encode(step, span);
        Message(writer, channel, step.Stamp.Sequence, step.Stamp.TimestampNs, span[..n]);
    }

    private void WriteSlurry(McapWriter writer, ushort channel, in SlurrySample sample)
    {
        var span = Buffer(SlurrySampleCodec.EncodedLength);
        var n = SlurrySampleCodec.Encode(sample, span);
        Message(writer, channel, sample.Stamp.Sequence, sample.Stamp.TimestampNs, span[..n]);
    }

    private void WriteSlurryTruth(McapWriter writer, ushort channel, long timestampNs, uint sequence, in SlurryTruth truth)
    {
        var json = BeginJson(timestampNs, sequence);
        json.WriteNumber("velocityMps", truth.VelocityMps);
        json.WriteNumber("densityKgM3", truth.DensityKgM3);
        json.WriteNumber("cv", truth.Cv);
        json.WriteNumber("flowM3PerHour", truth.FlowM3PerHour);
        json.WriteNumber("drySolidsTph", truth.DrySolidsTph);
        json.WriteNumber("mixtureTph", truth.MixtureTph);
        json.WriteNumber("cumulativeDryTonnes", truth.CumulativeDryTonnes);
        json.WriteNumber("cumulativeWetTonnes", truth.CumulativeWetTonnes);
        json.WriteNumber("clogRestriction", truth.ClogRestriction);
        JsonFeedBuffer.Number(json, "clogOnsetS", truth.ClogOnsetS);
        json.WriteBoolean("isMining", truth.IsMining);
        EndJson(writer, json, channel, sequence, timestampNs);
    }

    private Utf8JsonWriter BeginJson(long timestampNs, uint sequence)
    {
        _json.Clear();
        var json = new Utf8JsonWriter(_json);
        json.WriteStartObject();
        JsonFeedBuffer.Time(json, "t", timestampNs);
        json.WriteNumber("seq", sequence);
        return json;
    }

    private void EndJson(McapWriter writer, Utf8JsonWriter json, ushort channel, uint sequence, long timestampNs)
    {
        json.WriteEndObject();
        json.Flush();
        json.Dispose();
        Message(writer, channel, sequence, timestampNs, _json.WrittenSpan);
    }
}
