namespace RovDsp.Replay.Playback;

/// <summary>MQTT-style topic filter matching ('+' one level, '#' the rest, MQTT 3.1.1 §4.7), so a recording's
/// channels can be picked with the same filters a subscriber would use.</summary>
public static class TopicFilter
{
    /// <summary>Whether <paramref name="topic"/> matches <paramref name="filter"/>.</summary>
    public static bool Matches(string filter, string topic)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(topic);
        var f = filter.Split('/');
        var t = topic.Split('/');
        for (var i = 0; i < f.Length; i++)
        {
            if (f[i] == "#")
            {
                // '#' also matches the parent level itself ("a/#" matches "a").
                return i == f.Length - 1;
            }

            if (i >= t.Length)
            {
                return false;
            }

            if (f[i] != "+" && !string.Equals(f[i], t[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return f.Length == t.Length;
    }

    /// <summary>Whether <paramref name="topic"/> matches any of <paramref name="filters"/> (all topics when the list
    /// is empty).</summary>
    public static bool MatchesAny(IReadOnlyList<string> filters, string topic)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < filters.Count; i++)
        {
            if (Matches(filters[i], topic))
            {
                return true;
            }
        }

        return false;
    }
}
