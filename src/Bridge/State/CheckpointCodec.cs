using System.Buffers;
using System.Globalization;
using System.Text.Json;
using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.State;

/// <summary>The checkpoint payload (JSON, versioned; fields in docs/topics.md, "State checkpoint"): written on the
/// checkpoint timer, read once at start. Reading validates everything a restore relies on, so a damaged or foreign
/// payload is refused with the reason instead of restoring nonsense (NaN tonnes, a day that ends before it starts).</summary>
public static class CheckpointCodec
{
    /// <summary>Largest payload read (a vehicle's state is a few KB; anything bigger is not ours).</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The payload of <paramref name="checkpoint"/>.</summary>
    public static byte[] Write(VehicleCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", VehicleCheckpoint.Version);
            json.WriteString("vehicle", checkpoint.Vehicle);
            json.WriteString("savedUtc", checkpoint.SavedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteNumber("latestT", checkpoint.LatestNs);
            json.WriteNumber("dayStartT", checkpoint.DayStartNs);
            json.WriteNumber("dayEndT", checkpoint.DayEndNs);
            json.WriteStartArray("slurry");
            foreach (var (sensor, t) in checkpoint.Slurry)
            {
                json.WriteStartObject();
                json.WriteString("sensor", sensor);
                json.WriteNumber("asOfT", t.AsOfNs);
                json.WriteNumber("dryTonnes", t.DryTonnes);
                json.WriteNumber("wetTonnes", t.WetTonnes);
                json.WriteNumber("countedS", t.CountedSeconds);
                json.WriteNumber("unmeasuredS", t.UnmeasuredSeconds);
                if (Find(checkpoint.SlurryAlignment, sensor) is { } aligned)
                {
                    json.WriteStartObject("aligned");
                    json.WriteNumber("heldDensity", aligned.HeldDensityKgM3);
                    WriteReadings(json, "velocity", aligned.Velocity);
                    WriteReadings(json, "ultrasonic", aligned.Ultrasonic);
                    WriteReadings(json, "gamma", aligned.Gamma);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("alarms");
            foreach (var a in checkpoint.Alarms)
            {
                json.WriteStartObject();
                json.WriteString("alarm", a.Alarm);
                json.WriteString("state", AlarmStateTable.Name(a.State));
                json.WriteNumber("raisedT", a.RaisedNs);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("altitude");
            foreach (var (sensor, m) in checkpoint.Altitude)
            {
                json.WriteStartObject();
                json.WriteString("sensor", sensor);
                json.WriteNumber("altitudeM", m.AltitudeM);
                json.WriteNumber("validT", m.ValidNs);
                json.WriteNumber("confidence", m.Confidence);
                json.WriteNumber("strengthDb", m.StrengthDb);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads and validates a payload.</summary>
    /// <exception cref="CheckpointFormatException">It cannot be taken up; the message says why.</exception>
    public static VehicleCheckpoint Read(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxBytes)
        {
            throw new CheckpointFormatException($"{payload.Length} bytes is more than the {MaxBytes} a checkpoint may have");
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(payload);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException("not JSON: " + ex.Message, ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointFormatException("the payload must be a JSON object");
            }

            var version = Long(root, "version", "");
            if (version is < VehicleCheckpoint.OldestReadVersion or > VehicleCheckpoint.Version)
            {
                throw new CheckpointFormatException(
                    $"version {version} is not a version this bridge reads ({VehicleCheckpoint.OldestReadVersion} to {VehicleCheckpoint.Version})");
            }

            var vehicle = String(root, "vehicle", "");
            if (!DateTimeOffset.TryParse(String(root, "savedUtc", ""), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var saved))
            {
                throw new CheckpointFormatException("savedUtc is not an ISO 8601 time");
            }

            var latest = Long(root, "latestT", "");
            var dayStart = Long(root, "dayStartT", "");
            var dayEnd = Long(root, "dayEndT", "");
            if (!(dayStart <= latest && latest < dayEnd && dayEnd - dayStart <= 25L * 3600 * 1_000_000_000))
            {
                throw new CheckpointFormatException(
                    $"the day [{dayStart}, {dayEnd}) must hold latestT {latest} and be at most 25 h long");
            }

            var slurry = new List<KeyValuePair<string, SlurryTotals>>();
            var alignment = new List<KeyValuePair<string, SlurryAlignmentSnapshot>>();
            foreach (var (e, at) in Items(root, "slurry"))
            {
                var totals = new SlurryTotals(Long(e, "asOfT", at), Double(e, "dryTonnes", at), Double(e, "wetTonnes", at),
                    Double(e, "countedS", at), Double(e, "unmeasuredS", at));
                if (totals.Problem() is { } problem)
                {
                    throw new CheckpointFormatException(at + problem);
                }

                slurry.Add(new(String(e, "sensor", at), totals));
                if (version >= 2 && e.TryGetProperty("aligned", out var aligned))
                {
                    alignment.Add(new(slurry[^1].Key, ReadAlignment(aligned, at + "aligned.")));
                }
            }

            var alarms = new List<SavedAlarm>();
            foreach (var (e, at) in Items(root, "alarms"))
            {
                var state = String(e, "state", at) switch
                {
                    "unacknowledged" => AlarmState.UnacknowledgedActive,
                    "acknowledged" => AlarmState.AcknowledgedActive,
                    "cleared-unacknowledged" => AlarmState.ClearedUnacknowledged,
                    var other => throw new CheckpointFormatException(
                        $"{at}state '{other}' is not unacknowledged, acknowledged or cleared-unacknowledged"),
                };
                alarms.Add(new SavedAlarm(String(e, "alarm", at), state, Long(e, "raisedT", at)));
            }

            var altitude = new List<KeyValuePair<string, AltitudeMemory>>();
            foreach (var (e, at) in Items(root, "altitude"))
            {
                var memory = new AltitudeMemory(Double(e, "altitudeM", at), Long(e, "validT", at), Double(e, "confidence", at),
                    Double(e, "strengthDb", at));
                if (memory.Problem() is { } problem)
                {
                    throw new CheckpointFormatException(at + problem);
                }

                altitude.Add(new(String(e, "sensor", at), memory));
            }

            return new VehicleCheckpoint(vehicle, saved, latest, dayStart, dayEnd, slurry, alarms, altitude, alignment);
        }
    }

    private static void WriteReadings(Utf8JsonWriter json, string name, IReadOnlyList<SlurryTimedReading> readings)
    {
        json.WriteStartArray(name);
        foreach (var r in readings)
        {
            json.WriteStartArray();
            json.WriteNumberValue(r.TimeNs);
            json.WriteNumberValue(r.Value);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    // The shape only (pairs of a whole time and a finite value); whether they fit the line's sensors, its buffers and the
    // totals' instant is the line's to say when it takes them up (SlurryLinePipeline.RestoreAlignment).
    private static SlurryAlignmentSnapshot ReadAlignment(JsonElement e, string at)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointFormatException(at[..^1] + " must be an object");
        }

        return new SlurryAlignmentSnapshot(Readings(e, "velocity", at), Readings(e, "ultrasonic", at),
            Readings(e, "gamma", at), Double(e, "heldDensity", at));
    }

    private static SlurryTimedReading[] Readings(JsonElement e, string name, string at)
    {
        if (!e.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new CheckpointFormatException($"{at}{name} must be an array");
        }

        var result = new SlurryTimedReading[array.GetArrayLength()];
        var i = 0;
        foreach (var pair in array.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                || pair[0].ValueKind != JsonValueKind.Number || pair[1].ValueKind != JsonValueKind.Number
                || !pair[0].TryGetInt64(out var t) || !pair[1].TryGetSingle(out var v) || !float.IsFinite(v))
            {
                throw new CheckpointFormatException($"{at}{name}[{i}] must be a [whole time ns, finite value] pair");
            }

            result[i++] = new SlurryTimedReading(t, v);
        }

        return result;
    }

    private static T? Find<T>(IReadOnlyList<KeyValuePair<string, T>>? items, string sensor)
        where T : class
    {
        foreach (var (key, value) in items ?? [])
        {
            if (key == sensor)
            {
                return value;
            }
        }

        return null;
    }

    private static IEnumerable<(JsonElement Element, string At)> Items(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new CheckpointFormatException($"{name} must be an array");
        }

        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            var at = $"{name}[{i++}].";
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointFormatException(at[..^1] + " must be an object");
            }

            yield return (e, at);
        }
    }

    private static JsonElement Field(JsonElement e, string name, string at, JsonValueKind kind)
    {
        if (!e.TryGetProperty(name, out var value))
        {
            throw new CheckpointFormatException($"{at}{name} is missing");
        }

        if (value.ValueKind != kind)
        {
            throw new CheckpointFormatException($"{at}{name} must be a {(kind == JsonValueKind.Number ? "number" : "string")}, not {value.ValueKind}");
        }

        return value;
    }

    private static long Long(JsonElement e, string name, string at) =>
        Field(e, name, at, JsonValueKind.Number).TryGetInt64(out var v)
            ? v
            : throw new CheckpointFormatException($"{at}{name} must be a whole number within 64 bits");

    private static double Double(JsonElement e, string name, string at) =>
        Field(e, name, at, JsonValueKind.Number).TryGetDouble(out var v) && double.IsFinite(v)
            ? v
            : throw new CheckpointFormatException($"{at}{name} must be a finite number");

    private static string String(JsonElement e, string name, string at) =>
        Field(e, name, at, JsonValueKind.String).GetString() is { Length: > 0 } s
            ? s
            : throw new CheckpointFormatException($"{at}{name} is empty");
}
