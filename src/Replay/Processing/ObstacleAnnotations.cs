using System.Buffers;
using System.Text.Json;
using RovDsp.Processing.Feeds;

namespace RovDsp.Replay.Processing;

/// <summary>
/// A sonar's obstacles as a <c>foxglove.ImageAnnotations</c> message drawn on its image (the imaging sonar's fan; the
/// scanning sonar's scan, <see cref="WriteOnScan"/>): a circle per
/// obstacle (the nearest in the corridor in red, the others in amber) at the pixel the obstacles feed's <c>fan</c>
/// geometry gives (<c>originColumn</c>, <c>originRow</c>, <c>metresPerPixel</c>; bearing 0 straight up), with its range as
/// a label. Written on <c>{fan topic}/annotations</c> at the fan image's log time, from the last obstacles message of the
/// same sensor, so Foxglove's Image panel pairs them.
/// </summary>
public static class ObstacleAnnotations
{
    /// <summary>The schema we declare: Foxglove's published <c>foxglove.ImageAnnotations</c>, trimmed to what we write
    /// (tests/mcap-interop checks it against @foxglove/schemas).</summary>
    public const string Schema =
        "{\"title\":\"foxglove.ImageAnnotations\",\"type\":\"object\",\"properties\":{" +
        "\"circles\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"timestamp\":" + FeedSchemas.Time + "," +
        "\"position\":" + Point + ",\"diameter\":{\"type\":\"number\"},\"thickness\":{\"type\":\"number\"},\"fill_color\":" + Color + ",\"outline_color\":" + Color + "}}}," +
        "\"points\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"timestamp\":" + FeedSchemas.Time + "," +
        "\"type\":{\"type\":\"integer\",\"description\":\"1 points, 2 line loop, 3 line strip, 4 line list\"},\"points\":{\"type\":\"array\",\"items\":" + Point + "}," +
        "\"outline_color\":" + Color + ",\"outline_colors\":{\"type\":\"array\",\"items\":" + Color + "},\"fill_color\":" + Color + ",\"thickness\":{\"type\":\"number\"}}}}," +
        "\"texts\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"timestamp\":" + FeedSchemas.Time + "," +
        "\"position\":" + Point + ",\"text\":{\"type\":\"string\"},\"font_size\":{\"type\":\"number\"},\"text_color\":" + Color + ",\"background_color\":" + Color + "}}}}}";

    private const string Point = "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"},\"y\":{\"type\":\"number\"}}}";
    private const string Color = "{\"type\":\"object\",\"properties\":{\"r\":{\"type\":\"number\"},\"g\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"},\"a\":{\"type\":\"number\"}}}";

    /// <summary>Writes the annotations of <paramref name="obstaclesJson"/> (empty when it is null or carries no fan
    /// geometry yet) stamped <paramref name="logTimeNs"/>.</summary>
    public static void WriteOnFan(IBufferWriter<byte> output, ReadOnlySpan<byte> obstaclesJson, long logTimeNs) =>
        Write(output, obstaclesJson, logTimeNs, static root => root.TryGetProperty("fan", out var fan)
            ? (fan.GetProperty("originColumn").GetDouble(), fan.GetProperty("originRow").GetDouble(), fan.GetProperty("metresPerPixel").GetDouble())
            : null);

    /// <summary>Writes the scanning sonar's obstacles (<paramref name="obstaclesJson"/>, a sector's list) drawn on its
    /// square scan image of <paramref name="imageSize"/> pixels a side: the sonar at the centre, forward up, the feed's
    /// <c>imageRangeM</c> at the inscribed circle's edge (as <c>ScanningSonarPipeline.RenderCartesian</c> draws it).
    /// Empty until the feed has said its image range.</summary>
    public static void WriteOnScan(IBufferWriter<byte> output, ReadOnlySpan<byte> obstaclesJson, int imageSize, long logTimeNs) =>
        Write(output, obstaclesJson, logTimeNs, root => root.TryGetProperty("imageRangeM", out var range) && range.GetDouble() > 0 && imageSize > 0
            ? (imageSize / 2.0, imageSize / 2.0, range.GetDouble() / (imageSize / 2.0))
            : null);

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> obstaclesJson, long logTimeNs,
        Func<JsonElement, (double OriginColumn, double OriginRow, double MetresPerPixel)?> geometry)
    {
        var circles = new List<(double X, double Y, double D, bool Nearest, double RangeM)>();
        if (!obstaclesJson.IsEmpty)
        {
            var reader = new Utf8JsonReader(obstaclesJson);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (geometry(root) is (var ox, var oy, var mpp) && root.TryGetProperty("obstacles", out var obstacles))
            {
                var hasNearest = root.TryGetProperty("nearest", out var nearest);
                foreach (var o in obstacles.EnumerateArray())
                {
                    var range = o.GetProperty("rangeM").GetDouble();
                    var bearing = o.GetProperty("bearingDeg").GetDouble() * Math.PI / 180.0;
                    var width = o.TryGetProperty("widthM", out var w) ? w.GetDouble() : 0.5;
                    var isNearest = hasNearest && nearest.GetProperty("rangeM").GetDouble() == range
                        && nearest.GetProperty("bearingDeg").GetDouble() == o.GetProperty("bearingDeg").GetDouble();
                    circles.Add((ox + range * Math.Sin(bearing) / mpp, oy - range * Math.Cos(bearing) / mpp, Math.Max(8, width / mpp), isNearest, range));
                }
            }
        }

        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteStartArray("circles");
        foreach (var c in circles)
        {
            json.WriteStartObject();
            JsonFeedBuffer.Time(json, "timestamp", logTimeNs);
            Point2(json, "position", c.X, c.Y);
            json.WriteNumber("diameter", Math.Round(c.D, 1));
            json.WriteNumber("thickness", c.Nearest ? 3 : 2);
            Rgba(json, "fill_color", 0, 0, 0, 0);
            if (c.Nearest)
            {
                Rgba(json, "outline_color", 1, 0.15, 0.15, 1);
            }
            else
            {
                Rgba(json, "outline_color", 1, 0.75, 0, 1);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("points");
        json.WriteEndArray();
        json.WriteStartArray("texts");
        foreach (var c in circles)
        {
            json.WriteStartObject();
            JsonFeedBuffer.Time(json, "timestamp", logTimeNs);
            Point2(json, "position", c.X + c.D / 2 + 2, c.Y);
            json.WriteString("text", c.RangeM.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " m");
            json.WriteNumber("font_size", 12);
            Rgba(json, "text_color", 1, 1, 1, 1);
            Rgba(json, "background_color", 0, 0, 0, 0.5);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static void Point2(Utf8JsonWriter json, string name, double x, double y)
    {
        json.WriteStartObject(name);
        json.WriteNumber("x", Math.Round(x, 1));
        json.WriteNumber("y", Math.Round(y, 1));
        json.WriteEndObject();
    }

    internal static void Rgba(Utf8JsonWriter json, string name, double r, double g, double b, double a)
    {
        json.WriteStartObject(name);
        json.WriteNumber("r", r);
        json.WriteNumber("g", g);
        json.WriteNumber("b", b);
        json.WriteNumber("a", a);
        json.WriteEndObject();
    }
}
