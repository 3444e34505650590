using System.Text.Json;
using RovDsp.Dsp.Pipelines.Obstacles;

namespace RovDsp.Processing.Feeds;

/// <summary>How obstacles are written in the obstacles feed: range and sizes in metres, bearing in degrees
/// (0 ahead, positive to starboard), strength in dB.</summary>
public static class ObstacleJson
{
    /// <summary>Writes one obstacle as an object.</summary>
    public static void Write(Utf8JsonWriter json, in Obstacle o)
    {
        json.WriteStartObject();
        JsonFeedBuffer.Number(json, "rangeM", o.RangeM, 2);
        JsonFeedBuffer.Number(json, "bearingDeg", o.BearingRad * 180.0 / Math.PI, 1);
        JsonFeedBuffer.Number(json, "widthM", o.WidthM, 2);
        JsonFeedBuffer.Number(json, "depthM", o.DepthM, 2);
        JsonFeedBuffer.Number(json, "strengthDb", o.StrengthDb, 1);
        json.WriteNumber("cells", o.CellCount);
        json.WriteEndObject();
    }

    /// <summary>Writes <c>nearest</c> (left out when there is none: no type union in the schema) and up to <paramref name="max"/> obstacles.</summary>
    public static void WriteList(Utf8JsonWriter json, bool hasNearest, in Obstacle nearest, ReadOnlySpan<Obstacle> obstacles, int max = 16)
    {
        if (hasNearest)
        {
            json.WritePropertyName("nearest");
            Write(json, nearest);
        }

        json.WriteNumber("count", obstacles.Length);
        json.WriteStartArray("obstacles");
        for (var i = 0; i < Math.Min(max, obstacles.Length); i++)
        {
            Write(json, obstacles[i]);
        }

        json.WriteEndArray();
    }
}
