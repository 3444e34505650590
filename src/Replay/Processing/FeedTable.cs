using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RovDsp.Replay.Processing;

/// <summary>
/// The rows of one topic (a JSON feed or a truth channel), flattened for CSV and for the accuracy figures. A
/// message's top-level scalars make one row; a message carrying an <c>events</c> array (the alarm hub's) makes
/// one row per event, the message's scalars repeated on each. A message with any other array (obstacle lists)
/// keeps its JSON on the row (<see cref="FeedRow.Json"/>) for the accuracy figures. A time <c>{sec, nsec}</c> is one
/// column of nanoseconds; any other nested object is flattened into <c>object.field</c> columns. Columns are the union of field
/// names in order of first appearance, so the same input always gives the same columns.
/// </summary>
public sealed class FeedTable
{
    private readonly List<FeedRow> _rows = [];
    private readonly List<string> _columns = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>Creates an empty table for <paramref name="topic"/>.</summary>
    public FeedTable(string topic)
    {
        Topic = topic;
    }

    /// <summary>The MQTT or MCAP topic.</summary>
    public string Topic { get; }

    /// <summary>The rows in log-time order.</summary>
    public IReadOnlyList<FeedRow> Rows => _rows;

    /// <summary>The column names (without the leading log time).</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Adds one JSON message; returns false (adding nothing) when it is not a JSON object.</summary>
    public bool Add(long logTimeNs, ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!JsonDocument.TryParseValue(ref reader, out var parsed))
            {
                return false;
            }

            document = parsed;
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var scalars = new List<KeyValuePair<string, string>>();
            JsonElement events = default;
            var hasList = false;
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name == "events" && property.Value.ValueKind == JsonValueKind.Array)
                {
                    events = property.Value;
                }
                else if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    hasList = true;
                }
                else if (Scalar(property.Value) is { } text)
                {
                    scalars.Add(new(property.Name, text));
                }
                else if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    Flatten(property.Name, property.Value, scalars);
                }
            }

            if (events.ValueKind != JsonValueKind.Array)
            {
                AddRow(logTimeNs, scalars, hasList ? json.ToArray() : null);
                return true;
            }

            foreach (var e in events.EnumerateArray())
            {
                var fields = new List<KeyValuePair<string, string>>(scalars);
                if (e.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in e.EnumerateObject())
                    {
                        if (Scalar(property.Value) is { } text)
                        {
                            fields.Add(new(property.Name, text));
                        }
                    }
                }

                AddRow(logTimeNs, fields, null);
            }

            return true;
        }
    }

    /// <summary>Writes the table as CSV (RFC 4180 quoting, LF line ends, first column the log time in ns).</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var line = new StringBuilder();
        line.Append("logTimeNs");
        foreach (var column in _columns)
        {
            line.Append(',').Append(Quote(column));
        }

        writer.Write(line.Append('\n').ToString());
        foreach (var row in _rows)
        {
            line.Clear();
            line.Append(row.LogTimeNs.ToString(CultureInfo.InvariantCulture));
            foreach (var column in _columns)
            {
                line.Append(',');
                if (row.Text(column) is { } value)
                {
                    line.Append(Quote(value));
                }
            }

            writer.Write(line.Append('\n').ToString());
        }
    }

    private void AddRow(long logTimeNs, List<KeyValuePair<string, string>> fields, byte[]? json)
    {
        foreach (var (key, _) in fields)
        {
            if (_known.Add(key))
            {
                _columns.Add(key);
            }
        }

        _rows.Add(new FeedRow(logTimeNs, fields) { Json = json });
    }

    /// <summary>A nested object (not a time) as one column per field, <c>object.field</c>: the slurry feed's
    /// <c>faults</c> gives <c>faults.flowVelocity</c> and its kin, each an array of names joined by <c>|</c>.</summary>
    private static void Flatten(string prefix, JsonElement value, List<KeyValuePair<string, string>> scalars)
    {
        foreach (var property in value.EnumerateObject())
        {
            var name = prefix + "." + property.Name;
            if (Scalar(property.Value) is { } text)
            {
                scalars.Add(new(name, text));
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(name, property.Value, scalars);
            }
            else if (property.Value.ValueKind == JsonValueKind.Array
                && property.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            {
                scalars.Add(new(name, string.Join('|', property.Value.EnumerateArray().Select(e => e.GetString()))));
            }
        }
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object => Time(value),
        _ => null,
    };

    /// <summary>A Foxglove time <c>{sec, nsec}</c> as one column of nanoseconds since the epoch (like the log
    /// time column); any other object is not a scalar.</summary>
    private static string? Time(JsonElement value)
    {
        long sec = 0, nsec = 0;
        var fields = 0;
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number
                || !(property.Name == "sec" ? property.Value.TryGetInt64(out sec) : property.Name == "nsec" && property.Value.TryGetInt64(out nsec)))
            {
                return null;
            }

            fields++;
        }

        return fields == 2 ? (sec * 1_000_000_000L + nsec).ToString(CultureInfo.InvariantCulture) : null;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
