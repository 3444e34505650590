using System.Globalization;
using System.Text.Json;
using RovDsp.Bridge.Connection;
using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>
/// Where a PLC holds the slurry line's readings (JSON; format and a worked example in docs/hardware.md). Every
/// problem throws <see cref="BridgeConfigurationException"/> naming the entry and field, before anything connects.
/// </summary>
public sealed record RegisterMap
{
    /// <summary>The slurry line's sensor name in its raw topic (default line1).</summary>
    public string Line { get; init; } = "line1";

    /// <summary>How long one request may wait for its answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Unmapped registers a grouped request may read across to join two sensors (0 = only adjacent ones).</summary>
    public int MaxGap { get; init; } = 8;

    /// <summary>The sensors.</summary>
    public required IReadOnlyList<RegisterMapEntry> Sensors { get; init; }

    /// <summary>Reads and checks the map in <paramref name="path"/>.</summary>
    public static RegisterMap Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new BridgeConfigurationException("register-map", $"file '{path}' does not exist");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and checks a map; <paramref name="source"/> names it in messages.</summary>
    public static RegisterMap Parse(string json, string source = "register map")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new BridgeConfigurationException("register-map", $"{source} is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sensors", out var sensors) || sensors.ValueKind != JsonValueKind.Array)
            {
                throw new BridgeConfigurationException("register-map", $"{source} must be an object with a \"sensors\" array");
            }

            var line = root.TryGetProperty("line", out var l) ? l.GetString() ?? "" : "line1";
            if (line.Length == 0 || line.AsSpan().IndexOfAny("/+#") >= 0)
            {
                throw new BridgeConfigurationException("register-map", $"line '{line}' must be a topic level (no '/', '+', '#')");
            }

            var timeoutMs = root.TryGetProperty("timeoutMs", out var t) ? Number(t, "timeoutMs") : 500;
            if (!(timeoutMs is >= 1 and <= 60_000))
            {
                throw new BridgeConfigurationException("register-map", $"timeoutMs {timeoutMs} must be within 1–60000");
            }

            var maxGap = root.TryGetProperty("maxGap", out var g) ? Number(g, "maxGap") : 8;
            if (!(maxGap is >= 0 and <= 100) || maxGap != Math.Floor(maxGap))
            {
                throw new BridgeConfigurationException("register-map", $"maxGap {maxGap} must be a whole number 0–100");
            }

            var entries = new List<RegisterMapEntry>();
            var i = 0;
            foreach (var s in sensors.EnumerateArray())
            {
                entries.Add(Entry(s, $"sensors[{i++}]"));
            }

            if (entries.Count == 0)
            {
                throw new BridgeConfigurationException("register-map", "names no sensors");
            }

            foreach (var kind in entries.GroupBy(e => e.Kind).Where(k => k.Count() > 1))
            {
                throw new BridgeConfigurationException("register-map", $"kind {kind.Key} appears {kind.Count()} times; a line has one sensor of each kind");
            }

            return new RegisterMap { Line = line, Timeout = TimeSpan.FromMilliseconds(timeoutMs), MaxGap = (int)maxGap, Sensors = entries };
        }
    }

    private static RegisterMapEntry Entry(JsonElement e, string at)
    {
        string Text(string field, string? fallback = null)
        {
            if (e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } text)
            {
                return text;
            }

            return fallback ?? throw new BridgeConfigurationException("register-map", $"{at}.{field} is missing (a string)");
        }

        double Num(string field, double? fallback = null)
        {
            if (e.TryGetProperty(field, out var v))
            {
                return Number(v, $"{at}.{field}");
            }

            return fallback ?? throw new BridgeConfigurationException("register-map", $"{at}.{field} is missing (a number)");
        }

        T Choice<T>(string field, T? fallback = null)
            where T : struct, Enum
        {
            var text = Text(field, fallback?.ToString());
            return Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsDigit(text[0])
                ? value
                : throw new BridgeConfigurationException("register-map",
                    $"{at}.{field} '{text}' is not one of {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}");
        }

        var kind = Choice<SlurrySensorKind>("kind");
        var function = Num("function", 3) switch
        {
            3 => ModbusFunction.ReadHoldingRegisters,
            4 => ModbusFunction.ReadInputRegisters,
            var f => throw new BridgeConfigurationException("register-map", $"{at}.function {f} must be 3 (holding registers) or 4 (input registers)"),
        };
        var unit = Num("unit", 1);
        var address = Num("address");
        var sensorId = Num("sensorId", (double)kind);
        var entry = new RegisterMapEntry
        {
            Name = Text("name", kind.ToString()),
            Kind = kind,
            SensorId = Whole(sensorId, 0, 255, $"{at}.sensorId"),
            Unit = (byte)Whole(unit, 0, 255, $"{at}.unit"),
            Function = function,
            Address = Whole(address, 0, 65535, $"{at}.address"),
            Type = Choice<RegisterType>("type"),
            WordOrder = Choice<RegisterOrder>("wordOrder", RegisterOrder.Big),
            ByteOrder = Choice<RegisterOrder>("byteOrder", RegisterOrder.Big),
            Scale = Num("scale", 1.0),
            Offset = Num("offset", 0.0),
            EngineeringUnit = Text("engineeringUnit"),
            PollHz = Num("pollHz"),
        };
        if (entry.Address + entry.RegisterCount > 65536)
        {
            throw new BridgeConfigurationException("register-map", $"{at}.address {entry.Address} leaves no room for its {entry.RegisterCount} registers");
        }

        if (!(entry.Scale != 0 && double.IsFinite(entry.Scale)) || !double.IsFinite(entry.Offset))
        {
            throw new BridgeConfigurationException("register-map", $"{at}.scale must be finite and not 0, offset finite");
        }

        if (!(entry.PollHz is > 0 and <= 100))
        {
            throw new BridgeConfigurationException("register-map", $"{at}.pollHz {entry.PollHz.ToString(CultureInfo.InvariantCulture)} must be within (0, 100]");
        }

        var expected = RegisterMapEntry.UnitOf(kind);
        if (!string.Equals(entry.EngineeringUnit.Replace("³", "3", StringComparison.Ordinal), expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new BridgeConfigurationException("register-map",
                $"{at}.engineeringUnit '{entry.EngineeringUnit}' is not the pipeline's unit for {kind} ({expected}); convert with scale and offset");
        }

        return entry;
    }

    private static double Number(JsonElement v, string at) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new BridgeConfigurationException("register-map", $"{at} must be a number");

    private static ushort Whole(double v, int min, int max, string at) =>
        v == Math.Floor(v) && v >= min && v <= max
            ? (ushort)v
            : throw new BridgeConfigurationException("register-map", $"{at} {v.ToString(CultureInfo.InvariantCulture)} must be a whole number {min}–{max}");
}
