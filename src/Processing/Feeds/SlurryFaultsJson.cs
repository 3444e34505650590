using System.Text.Json;
using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// How the slurry line's sensor health is written in the slurry feed: <c>"faults"</c> is an object with one array per
/// sensor kind (all eight always present, empty when healthy) naming its faults, and <c>"faultyKinds"</c> counts the
/// kinds with any fault, for a plot. The packed 64-bit flags (<see cref="SlurrySensorHealth.Packed"/>) reach 7.2e16 and
/// would be rounded by every JavaScript reader, Foxglove included. Names are pre-encoded: writing allocates nothing.
/// </summary>
public static class SlurryFaultsJson
{
    /// <summary>The sensor kinds' names, indexed by <see cref="SlurrySensorKind"/>.</summary>
    public static readonly IReadOnlyList<string> KindNames =
    [
        "flowVelocity", "densityGamma", "densityUltrasonic", "pressureBottom", "pressureTop", "differentialPressure",
        "pumpSpeed", "pumpCurrent",
    ];

    /// <summary>The fault names, bit 0 first (<see cref="SlurrySensorFault"/>).</summary>
    public static readonly IReadOnlyList<string> FaultNames = ["noData", "dropout", "stuck", "outOfRange", "notFinite"];

    private static readonly JsonEncodedText[] Kinds = [.. KindNames.Select(n => JsonEncodedText.Encode(n))];
    private static readonly JsonEncodedText[] Faults = [.. FaultNames.Select(n => JsonEncodedText.Encode(n))];
    private static readonly JsonEncodedText FaultsName = JsonEncodedText.Encode("faults");
    private static readonly JsonEncodedText FaultyKindsName = JsonEncodedText.Encode("faultyKinds");

    /// <summary>The JSON Schema of <c>"faults"</c> (an object of eight string arrays).</summary>
    public static string Schema { get; } =
        "{\"type\":\"object\",\"description\":\"Faults of each slurry sensor kind by name; empty when healthy\",\"properties\":{" +
        string.Join(",", KindNames.Select(k =>
            "\"" + k + "\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[" +
            string.Join(",", FaultNames.Select(f => "\"" + f + "\"")) + "]}}")) +
        "},\"required\":[" + string.Join(",", KindNames.Select(k => "\"" + k + "\"")) + "]}";

    /// <summary>Writes <c>"faults"</c> and <c>"faultyKinds"</c> of <paramref name="health"/>.</summary>
    public static void Write(Utf8JsonWriter json, SlurrySensorHealth health)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject(FaultsName);
        var faulty = 0;
        for (var k = 0; k < Kinds.Length; k++)
        {
            var flags = (int)health[(SlurrySensorKind)k];
            faulty += flags != 0 ? 1 : 0;
            json.WriteStartArray(Kinds[k]);
            for (var f = 0; f < Faults.Length; f++)
            {
                if ((flags & (1 << f)) != 0)
                {
                    json.WriteStringValue(Faults[f]);
                }
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteNumber(FaultyKindsName, faulty);
    }
}
