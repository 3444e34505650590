using System.Globalization;
using System.Text;
using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Fleet;

/// <summary>
/// Static sharding of vehicles over N bridges (<c>--shard k/N</c>): a bridge takes the vehicles whose id hashes to
/// its index k. The hash is FNV-1a 32-bit over the UTF-8 bytes of the vehicle id, then modulo N (docs/topics.md,
/// "Sharding"): stable across processes, machines, runtimes and languages (unlike <see cref="string.GetHashCode()"/>,
/// which .NET randomises per process), so every replica of a StatefulSet agrees on who owns which vehicle without
/// talking to the others.
/// </summary>
public sealed record ShardAssignment
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    public ShardAssignment(int index, int count)
    {
        if (count is < 1 or > 4096)
        {
            throw new BridgeConfigurationException("shard", $"the shard count {count} must be within 1–4096");
        }

        if (index < 0 || index >= count)
        {
            throw new BridgeConfigurationException("shard", $"the shard index {index} must be within 0–{count - 1} (k/N with 0 ≤ k < N)");
        }

        Index = index;
        Count = count;
    }

    /// <summary>This bridge's index k (a StatefulSet's ordinal).</summary>
    public int Index { get; }

    /// <summary>The number of shards N.</summary>
    public int Count { get; }

    /// <summary>Whether this shard takes <paramref name="vehicle"/>.</summary>
    public bool Owns(string vehicle) => ShardOf(vehicle, Count) == Index;

    /// <summary>FNV-1a 32-bit hash of the UTF-8 bytes of <paramref name="vehicle"/>.</summary>
    public static uint Hash(string vehicle)
    {
        ArgumentNullException.ThrowIfNull(vehicle);
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(vehicle))
        {
            hash ^= b;
            hash = unchecked(hash * Prime);
        }

        return hash;
    }

    /// <summary>The shard (0 … <paramref name="count"/> − 1) that owns <paramref name="vehicle"/>.</summary>
    public static int ShardOf(string vehicle, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return (int)(Hash(vehicle) % (uint)count);
    }

    /// <summary>Parses <c>k/N</c>; throws <see cref="BridgeConfigurationException"/> naming <c>shard</c>.</summary>
    public static ShardAssignment Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new BridgeConfigurationException("shard", $"'{text}' is not k/N (for example 0/4: this bridge is shard 0 of 4)");
        }

        return new ShardAssignment(k, n);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
