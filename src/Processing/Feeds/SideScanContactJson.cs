using System.Text.Json;
using RovDsp.Dsp.Pipelines.SideScan;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// How a side-scan contact is written in the <c>feed/sidescan-contacts/{sensor}</c> feed: one flat object per
/// contact, times as Foxglove's <c>{sec, nsec}</c> (no integer above 2^53), ranges and sizes in metres, strength
/// in dB over the seabed background. Every field is always present; a height that could not be estimated (no
/// altitude) is written as the documented sentinel -1, so the schema needs no type union.
/// </summary>
public static class SideScanContactJson
{
    /// <summary>The message's JSON Schema (complete: every field under <c>properties</c>, no type unions).</summary>
    public const string Schema =
        "{\"title\":\"rovdsp.SideScanContact\",\"type\":\"object\"," +
        "\"description\":\"A side-scan contact: one object on the seabed seen on successive lines (docs/topics.md).\"," +
        "\"properties\":{" +
        "\"timestamp\":" + TimeSchema + "," +
        "\"id\":{\"type\":\"integer\",\"description\":\"Contact number from 1 per sensor, in order of first detection\"}," +
        "\"side\":{\"type\":\"string\",\"enum\":[\"port\",\"starboard\"]}," +
        "\"firstPing\":{\"type\":\"integer\",\"description\":\"Sequence (ping number) of the first line it was detected in\"}," +
        "\"lastPing\":{\"type\":\"integer\",\"description\":\"Sequence of the last line it was detected in\"}," +
        "\"firstTime\":" + TimeSchema + "," +
        "\"lastTime\":" + TimeSchema + "," +
        "\"centreTime\":" + TimeSchema + "," +
        "\"lines\":{\"type\":\"integer\",\"description\":\"Along-track extent in lines, first to last detection\"}," +
        "\"detectedLines\":{\"type\":\"integer\",\"description\":\"Lines with a detection\"}," +
        "\"durationS\":{\"type\":\"number\",\"description\":\"Along-track extent in seconds\"}," +
        "\"nearRangeM\":{\"type\":\"number\",\"description\":\"Ground range where the return begins (near edge), m\"}," +
        "\"farRangeM\":{\"type\":\"number\",\"description\":\"Ground range where the shadow starts (far edge), m\"}," +
        "\"lengthM\":{\"type\":\"number\",\"description\":\"Across-track length, far minus near edge, m\"}," +
        "\"shadowM\":{\"type\":\"number\",\"description\":\"Longest shadow, m\"}," +
        "\"heightM\":{\"type\":\"number\",\"description\":\"Height from the shadow, m; -1 when no altitude was known\"}," +
        "\"strengthDb\":{\"type\":\"number\",\"description\":\"Peak highlight over the seabed background, dB\"}," +
        "\"peakPing\":{\"type\":\"integer\",\"description\":\"Sequence of the line with the peak highlight\"}}," +
        "\"required\":[\"timestamp\",\"id\",\"side\",\"firstPing\",\"lastPing\",\"firstTime\",\"lastTime\",\"centreTime\",\"lines\"," +
        "\"detectedLines\",\"durationS\",\"nearRangeM\",\"farRangeM\",\"lengthM\",\"shadowM\",\"heightM\",\"strengthDb\",\"peakPing\"]}";

    private const string TimeSchema =
        "{\"type\":\"object\",\"properties\":{\"sec\":{\"type\":\"integer\"},\"nsec\":{\"type\":\"integer\"}},\"required\":[\"sec\",\"nsec\"]}";

    /// <summary>Writes one contact as the whole message; <paramref name="timestampNs"/> is the line that closed it.</summary>
    public static void Write(Utf8JsonWriter json, in SideScanContact c, long timestampNs)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        JsonFeedBuffer.Time(json, "timestamp", timestampNs);
        json.WriteNumber("id", c.Id);
        json.WriteString("side", c.Side == SideScanSide.Port ? "port" : "starboard");
        json.WriteNumber("firstPing", c.First.Sequence);
        json.WriteNumber("lastPing", c.Last.Sequence);
        JsonFeedBuffer.Time(json, "firstTime", c.First.TimestampNs);
        JsonFeedBuffer.Time(json, "lastTime", c.Last.TimestampNs);
        JsonFeedBuffer.Time(json, "centreTime", c.CentreTimestampNs);
        json.WriteNumber("lines", c.Lines);
        json.WriteNumber("detectedLines", c.DetectedLines);
        json.WriteNumber("durationS", Math.Round(c.DurationS, 3));
        Metres(json, "nearRangeM", c.NearRangeM);
        Metres(json, "farRangeM", c.FarRangeM);
        Metres(json, "lengthM", c.LengthM);
        Metres(json, "shadowM", c.ShadowLengthM);
        json.WriteNumber("heightM", float.IsFinite(c.HeightM) ? Math.Round(c.HeightM, 2) : -1);
        json.WriteNumber("strengthDb", float.IsFinite(c.StrengthDb) ? Math.Round(c.StrengthDb, 1) : 0);
        json.WriteNumber("peakPing", c.PeakStamp.Sequence);
        json.WriteEndObject();
    }

    private static void Metres(Utf8JsonWriter json, string name, float value) =>
        json.WriteNumber(name, float.IsFinite(value) ? Math.Round(value, 2) : 0);
}
