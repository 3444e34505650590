using System.Buffers;
using System.Globalization;
using System.Text.Json;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Processing.Feeds;

namespace RovDsp.Replay.Processing;

/// <summary>
/// One side-scan sensor's contacts as <c>foxglove.ImageAnnotations</c> drawn on its waterfall image (schema
/// <see cref="ObstacleAnnotations.Schema"/>): a box per contact from its first to its last line and from its near edge to its
/// far edge (where the shadow starts), labelled with its number. The waterfall (<see cref="SideScanWaterfall"/>) has
/// one row per accepted line, newest on top, and 2·GroundBins columns: port far range at column 0, nadir in the middle,
/// starboard to the right, <see cref="SideScanSettings.BinSpacingM"/> a column. Rows are found from the lines' sequence
/// numbers, which the sink learns from the line feed (<c>feed/sidescan</c>, one message per accepted line). A contact is
/// known once it closes (a few lines after its last detection), so it is drawn from then on, for as long as its lines
/// are on the image.
/// </summary>
public sealed class WaterfallAnnotations
{
    private readonly SideScanSettings _settings;
    private readonly Dictionary<long, long> _lineOfSequence = [];
    private readonly List<(int Id, bool Port, long FirstLine, long LastLine, double NearM, double FarM)> _contacts = [];
    private long _lines;

    /// <summary>Creates the annotator for a pipeline run with <paramref name="settings"/>.</summary>
    public WaterfallAnnotations(SideScanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
    }

    /// <summary>Learns one accepted line (a <c>feed/sidescan</c> message).</summary>
    public void AddLine(ReadOnlySpan<byte> lineJson)
    {
        var reader = new Utf8JsonReader(lineJson);
        using var doc = JsonDocument.ParseValue(ref reader);
        if (doc.RootElement.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var s))
        {
            _lineOfSequence[s] = _lines;
        }

        _lines++;
    }

    /// <summary>Learns one closed contact (a <c>feed/sidescan-contacts</c> message).</summary>
    public void AddContact(ReadOnlySpan<byte> contactJson)
    {
        var reader = new Utf8JsonReader(contactJson);
        using var doc = JsonDocument.ParseValue(ref reader);
        var c = doc.RootElement;
        if (!_lineOfSequence.TryGetValue(c.GetProperty("firstPing").GetInt64(), out var first)
            || !_lineOfSequence.TryGetValue(c.GetProperty("lastPing").GetInt64(), out var last))
        {
            return;
        }

        _contacts.Add((c.GetProperty("id").GetInt32(), c.GetProperty("side").GetString() == "port", first, last,
            c.GetProperty("nearRangeM").GetDouble(), c.GetProperty("farRangeM").GetDouble()));
    }

    /// <summary>Writes the annotations of the waterfall image made after the latest line, stamped
    /// <paramref name="logTimeNs"/>.</summary>
    public void Write(IBufferWriter<byte> output, long logTimeNs)
    {
        var bins = _settings.GroundBins;
        var dg = _settings.BinSpacingM;
        var rows = Math.Min(_lines, _settings.WaterfallLines);
        var newest = _lines - 1;
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteStartArray("circles");
        json.WriteEndArray();
        var visible = _contacts.Where(c => newest - c.FirstLine < rows).ToList();
        json.WriteStartArray("points");
        foreach (var c in visible)
        {
            // Rows: the newest line is row 0; a line's row spans [age, age + 1).
            var top = newest - c.LastLine;
            var bottom = Math.Min(rows, newest - c.FirstLine + 1);
            var near = c.Port ? bins - c.NearM / dg : bins + c.NearM / dg;
            var far = c.Port ? bins - c.FarM / dg : bins + c.FarM / dg;
            json.WriteStartObject();
            JsonFeedBuffer.Time(json, "timestamp", logTimeNs);
            json.WriteNumber("type", 2); // LINE_LOOP
            json.WriteStartArray("points");
            Corner(json, near, top);
            Corner(json, far, top);
            Corner(json, far, bottom);
            Corner(json, near, bottom);
            json.WriteEndArray();
            ObstacleAnnotations.Rgba(json, "outline_color", 1, 0.75, 0, 1);
            json.WriteStartArray("outline_colors");
            json.WriteEndArray();
            ObstacleAnnotations.Rgba(json, "fill_color", 0, 0, 0, 0);
            json.WriteNumber("thickness", 2);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("texts");
        foreach (var c in visible)
        {
            json.WriteStartObject();
            JsonFeedBuffer.Time(json, "timestamp", logTimeNs);
            var far = c.Port ? bins - c.FarM / dg : bins + c.FarM / dg;
            ObstacleAnnotations.Point2(json, "position", c.Port ? far - 40 : far + 4, Math.Max(12, newest - c.LastLine + 12));
            json.WriteString("text", "#" + c.Id.ToString(CultureInfo.InvariantCulture));
            json.WriteNumber("font_size", 14);
            ObstacleAnnotations.Rgba(json, "text_color", 1, 0.75, 0, 1);
            ObstacleAnnotations.Rgba(json, "background_color", 0, 0, 0, 0.5);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Corner(Utf8JsonWriter json, double x, double y)
    {
        json.WriteStartObject();
        json.WriteNumber("x", Math.Round(x, 1));
        json.WriteNumber("y", Math.Round(y, 1));
        json.WriteEndObject();
    }
}
