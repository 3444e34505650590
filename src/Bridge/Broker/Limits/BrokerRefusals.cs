using System.Collections.Concurrent;

namespace RovDsp.Bridge.Broker.Limits;

/// <summary>
/// Counts everything the embedded broker refused, by reason (<c>packet-too-large</c>, <c>connect-timeout</c>, ...),
/// for the bridge's metrics, and hands each refusal to <see cref="Reporter"/> (the bridge's rate-limited errors
/// topic). Sources and details are truncated first: a refusal never echoes a 65 KB topic.
/// </summary>
public sealed class BrokerRefusals
{
    /// <summary>Longest source (topic, client id, endpoint) passed on, in characters.</summary>
    public const int MaxSourceLength = 120;

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Called with (source, reason, detail) for each refusal; must not block (the bridge's
    /// <c>ErrorReporter.Report</c> does not).</summary>
    public Action<string, string, string>? Reporter { get; set; }

    /// <summary>Refusals by reason.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>All refusals.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The count of one reason (0 if never).</summary>
    public long this[string reason] => _counts.TryGetValue(reason, out var c) ? c : 0;

    /// <summary>Counts one refusal and reports it.</summary>
    public void Refuse(string reason, string? source, string detail)
    {
        Interlocked.Increment(ref _total);
        _counts.AddOrUpdate(reason, 1, static (_, v) => v + 1);
        Reporter?.Invoke(Truncate(source ?? "broker", MaxSourceLength), reason, detail);
    }

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters, with its full length said.</summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"…({text.Length} chars)");
    }
}
