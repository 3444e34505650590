namespace RovDsp.Replay.Processing;

/// <summary>One flattened feed (or truth) message: its log time and its top-level scalar fields as JSON text,
/// in the order the message wrote them.</summary>
/// <param name="LogTimeNs">Log time of the message, nanoseconds since the Unix epoch.</param>
/// <param name="Fields">Field name and raw value (numbers as written, strings unquoted).</param>
public sealed record FeedRow(long LogTimeNs, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    /// <summary>The whole JSON message, kept only when it carries a list the flat fields cannot hold (an obstacles
    /// feed's <c>obstacles</c>, the obstacle truth); null otherwise.</summary>
    public byte[]? Json { get; init; }

    /// <summary>The value of <paramref name="name"/> as a number; NaN when absent or not a number.</summary>
    public double Number(string name)
    {
        foreach (var (key, value) in Fields)
        {
            if (key == name)
            {
                return double.TryParse(value, System.Globalization.NumberStyles.Float,
                    System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
            }
        }

        return double.NaN;
    }

    /// <summary>The value of <paramref name="name"/> as text; null when absent.</summary>
    public string? Text(string name)
    {
        foreach (var (key, value) in Fields)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}
