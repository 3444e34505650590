using System.Text.Json;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>Reads the named entries of a metrics payload (docs/topics.md): sensors, errors and refusals by reason and
/// Modbus exceptions by code are arrays of objects naming what they count.</summary>
public static class MetricsJson
{
    /// <summary>The entry of <paramref name="array"/> whose <paramref name="key"/> is <paramref name="name"/>.</summary>
    public static bool TryFind(JsonElement array, string key, string name, out JsonElement entry)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.TryGetProperty(key, out var k) && k.ValueKind == JsonValueKind.String && k.GetString() == name)
            {
                entry = item;
                return true;
            }
        }

        entry = default;
        return false;
    }

    /// <summary>The metrics' entry of one sensor pipeline (<c>kind/sensor</c>).</summary>
    public static JsonElement Sensor(JsonElement metrics, string sensor) =>
        TryFind(metrics.GetProperty("sensors"), "sensor", sensor, out var entry) ? entry
            : throw new KeyNotFoundException($"no sensor '{sensor}' in metrics: {metrics.GetRawText()}");

    /// <summary>The count of <paramref name="reason"/> in an object's <c>byReason</c> (errors, broker); 0 when absent.</summary>
    public static long ByReason(JsonElement counted, string reason) =>
        TryFind(counted.GetProperty("byReason"), "reason", reason, out var entry) ? entry.GetProperty("count").GetInt64() : 0;
}
