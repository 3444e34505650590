using System.Text.Json;
using System.Text.Json.Serialization;

namespace RovDsp.Perf.Gate;

/// <summary>One budget from benchmarks/budgets.json: a metric, how it compares with its limit, and why.</summary>
public sealed record Budget
{
    /// <summary>Short unique name printed on the verdict line.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Metric key measured by <see cref="GateMetrics"/>.</summary>
    [JsonPropertyName("metric")]
    public string Metric { get; init; } = "";

    /// <summary><c>&lt;=</c>, <c>&gt;=</c> or <c>==</c>.</summary>
    [JsonPropertyName("comparison")]
    public string Comparison { get; init; } = "<=";

    /// <summary>The limit the measured value is compared with.</summary>
    [JsonPropertyName("limit")]
    public double Limit { get; init; }

    /// <summary>Why this limit (what it protects, the measured headroom, the noise it tolerates).</summary>
    [JsonPropertyName("reason")]
    public string Reason { get; init; } = "";

    /// <summary>True when <paramref name="measured"/> keeps the budget (NaN never does).</summary>
    public bool Holds(double measured) => Comparison switch
    {
        "<=" => measured <= Limit,
        ">=" => measured >= Limit,
        "==" => measured == Limit,
        _ => throw new InvalidOperationException($"budget '{Name}': unknown comparison '{Comparison}'"),
    };

    /// <summary>Reads and validates a budgets file: <c>{"budgets": [ ... ]}</c>.</summary>
    public static IReadOnlyList<Budget> Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var list = doc.RootElement.GetProperty("budgets").Deserialize<List<Budget>>() ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in list)
        {
            if (b.Name.Length == 0 || !names.Add(b.Name))
            {
                throw new InvalidDataException($"{path}: budget names must be present and unique ('{b.Name}')");
            }
            if (!GateMetrics.IsKnown(b.Metric))
            {
                throw new InvalidDataException($"{path}: budget '{b.Name}' names unknown metric '{b.Metric}'");
            }
            if (b.Comparison is not ("<=" or ">=" or "=="))
            {
                throw new InvalidDataException($"{path}: budget '{b.Name}' has comparison '{b.Comparison}' (<=, >=, ==)");
            }
            if (string.IsNullOrWhiteSpace(b.Reason))
            {
                throw new InvalidDataException($"{path}: budget '{b.Name}' needs a reason");
            }
        }
        return list;
    }
}
