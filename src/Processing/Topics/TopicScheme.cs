namespace RovDsp.Processing.Topics;

/// <summary>
/// The bridge's topic names (documented in docs/topics.md). Everything for one vehicle lives under
/// <c>rov/{vehicle}/</c>: raw sensor input under <c>raw/{kind}/{sensor}</c>, processed feeds under
/// <c>feed/{feed}/{sensor}</c>, and <c>alarms</c>, <c>status</c>, <c>metrics</c>, <c>errors</c>. Topic levels
/// follow the ROS-bridge habit of one level per concept so a pilot's display can subscribe to
/// <c>rov/+/feed/altitude/#</c> and nothing else.
/// </summary>
public sealed class TopicScheme
{
    /// <summary>Creates the scheme for one vehicle.</summary>
    /// <param name="vehicle">Vehicle id: letters, digits, '-' and '_' only (no MQTT wildcards or separators).</param>
    public TopicScheme(string vehicle)
    {
        ValidateLevel(vehicle, nameof(vehicle));
        Vehicle = vehicle;
        Root = "rov/" + vehicle;
        Status = Root + "/status";
        Metrics = Root + "/metrics";
        Errors = Root + "/errors";
        AlarmEvents = Root + "/alarms/events";
        AlarmsActive = Root + "/alarms/active";
        AlarmsAck = Root + "/alarms/ack";
        RawFilter = Root + "/raw/#";
        var prompt = new List<string>();
        foreach (var kind in Enum.GetValues<RawKind>())
        {
            if (!IsBulk(kind))
            {
                prompt.Add($"{Root}/raw/{KindLevel(kind)}/+");
            }
        }

        PromptRawFilters = prompt;
    }

    /// <summary>The vehicle id.</summary>
    public string Vehicle { get; }

    /// <summary><c>rov/{vehicle}</c>.</summary>
    public string Root { get; }

    /// <summary>Retained bridge status (online/offline; the last will marks it offline).</summary>
    public string Status { get; }

    /// <summary>Periodic metrics: rates, latencies, drops, errors.</summary>
    public string Metrics { get; }

    /// <summary>Rate-limited reports of rejected input.</summary>
    public string Errors { get; }

    /// <summary>Operators' alarm acknowledgements, in: <c>{"alarm":"Obstacle close"}</c> (the pilot's console publishes
    /// them; the only topic it publishes to).</summary>
    public string AlarmsAck { get; }

    /// <summary>Alarm raise/clear events.</summary>
    public string AlarmEvents { get; }

    /// <summary>Retained list of active alarms.</summary>
    public string AlarmsActive { get; }

    /// <summary>The subscription filter for every raw topic of the vehicle.</summary>
    public string RawFilter { get; }

    /// <summary>The subscription filters for the raw kinds whose latency matters most (every kind but the bulk
    /// ones, <see cref="IsBulk"/>): the bridge takes them on a connection of their own, so a ping never waits on a
    /// TCP stream behind a 180 KB multibeam frame.</summary>
    public IReadOnlyList<string> PromptRawFilters { get; }

    /// <summary>Whether a raw kind's messages are bulk (multibeam frames: ~180 KB at 10 frames/s) and go over the
    /// bridge's bulk connection rather than the prompt one.</summary>
    public static bool IsBulk(RawKind kind) => kind == RawKind.Multibeam;

    /// <summary>Whether <paramref name="topic"/> is matched by one of the <see cref="PromptRawFilters"/> (a raw topic
    /// of this vehicle, of a non-bulk kind, then exactly one more level, valid or not: MQTT's '+' also matches an
    /// empty level). The bulk connection, subscribed to everything raw, skips these so nothing is handled twice.</summary>
    public bool IsPromptRaw(string topic)
    {
        var prefix = Root + "/raw/";
        if (topic is null || !topic.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(prefix.Length);
        var slash = rest.IndexOf('/');
        return slash > 0 && !rest[(slash + 1)..].Contains('/')
               && TryParseKind(rest[..slash], out var kind) && !IsBulk(kind);
    }

    /// <summary>The raw topic of one sensor.</summary>
    public string Raw(RawKind kind, string sensor)
    {
        ValidateLevel(sensor, nameof(sensor));
        return $"{Root}/raw/{KindLevel(kind)}/{sensor}";
    }

    /// <summary>The topic of one processed feed of one sensor (for example <c>feed/altitude/echo1</c>).</summary>
    public string Feed(string feed, string sensor)
    {
        ValidateLevel(feed, nameof(feed));
        ValidateLevel(sensor, nameof(sensor));
        return $"{Root}/feed/{feed}/{sensor}";
    }

    /// <summary>Splits a raw topic of this vehicle into its kind and sensor; false for anything else (another
    /// vehicle, a feed topic, an unknown kind, extra levels).</summary>
    public bool TryParseRaw(string topic, out RawKind kind, out string sensor)
    {
        kind = default;
        sensor = string.Empty;
        var prefix = Root + "/raw/";
        if (topic is null || !topic.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1 || rest[(slash + 1)..].Contains('/'))
        {
            return false;
        }

        if (!TryParseKind(rest[..slash], out kind))
        {
            return false;
        }

        sensor = rest[(slash + 1)..].ToString();
        return IsValidLevel(sensor);
    }

    /// <summary>The topic level of a raw kind.</summary>
    public static string KindLevel(RawKind kind) => kind switch
    {
        RawKind.Echosounder => "echosounder",
        RawKind.Multibeam => "multibeam",
        RawKind.Scanning => "scanning",
        RawKind.SideScan => "sidescan",
        RawKind.Slurry => "slurry",
        RawKind.Ping => "ping",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown raw kind"),
    };

    private static bool TryParseKind(ReadOnlySpan<char> level, out RawKind kind)
    {
        foreach (var k in Enum.GetValues<RawKind>())
        {
            if (level.SequenceEqual(KindLevel(k)))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Whether <paramref name="level"/> is a usable topic level for ids (letters, digits, '-', '_').</summary>
    public static bool IsValidLevel(string? level)
    {
        if (string.IsNullOrEmpty(level) || level.Length > 64)
        {
            return false;
        }

        foreach (var c in level)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateLevel(string value, string name)
    {
        if (!IsValidLevel(value))
        {
            throw new ArgumentException(
                $"{name} '{value}' must be 1–64 characters of letters, digits, '-' or '_' (no MQTT wildcards or '/')", name);
        }
    }
}
