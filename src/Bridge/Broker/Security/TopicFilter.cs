namespace RovDsp.Bridge.Broker.Security;

/// <summary>MQTT topic-filter arithmetic the ACL needs: whether a filter matches a topic (as mosquitto's
/// <c>mosquitto_topic_matches_sub</c> does for ACL topics), and whether two filters can match a common topic.</summary>
public static class TopicFilter
{
    /// <summary>Whether <paramref name="filter"/> is a valid subscription filter: '#' only as the whole last level,
    /// '+' only as a whole level, not empty.</summary>
    public static bool IsValid(string filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return false;
        }

        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1))
            {
                return false;
            }

            if (level.Contains('+', StringComparison.Ordinal) && level != "+")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="filter"/> matches the concrete <paramref name="topic"/> ("a/#" also matches
    /// "a"; '+' matches one level, an empty one included).</summary>
    public static bool Matches(string filter, string topic) => Matches(filter.Split('/'), topic.Split('/'));

    /// <summary><see cref="Matches(string, string)"/> on levels already split at '/' (the ACL keeps its lines split,
    /// and a check splits the topic once for all of them).</summary>
    public static bool Matches(string[] f, string[] t)
    {
        // MQTT: a filter starting with a wildcard does not match topics starting with '$' ($SYS, ...).
        if (t[0].StartsWith('$') && (f[0] == "+" || f[0] == "#"))
        {
            return false;
        }

        for (var i = 0; i < f.Length; i++)
        {
            if (f[i] == "#")
            {
                return true;
            }

            if (i >= t.Length || (f[i] != "+" && !string.Equals(f[i], t[i], StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return f.Length == t.Length;
    }

    /// <summary>Whether some topic matches both <paramref name="a"/> and <paramref name="b"/> (wildcards allowed in
    /// either): a subscription filter can only ever deliver what an ACL filter it overlaps allows.</summary>
    public static bool Overlap(string a, string b) => Overlap(a.Split('/'), 0, b.Split('/'), 0);

    private static bool Overlap(string[] a, int i, string[] b, int j)
    {
        while (true)
        {
            if ((i < a.Length && a[i] == "#") || (j < b.Length && b[j] == "#"))
            {
                return true;
            }

            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }

            if (a[i] != "+" && b[j] != "+" && !string.Equals(a[i], b[j], StringComparison.Ordinal))
            {
                return false;
            }

            i++;
            j++;
        }
    }
}
