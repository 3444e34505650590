namespace RovDsp.Processing.Feeds;

/// <summary>
/// The JSON Schemas of the JSON feeds (docs/topics.md), written into every MCAP file that carries them. They are in
/// the subset Foxglove's and Lichtblick's JSON-schema parser reads: every object lists its fields under
/// <c>properties</c> (nested objects and array items too), each field has one <c>type</c> (no unions: a value that
/// can be absent is left out of the message, never null), and times are Foxglove's <c>{sec, nsec}</c> objects, so
/// no integer above 2^53 reaches a JavaScript reader. tests/mcap-interop checks both the schemas and every message
/// against them.
/// </summary>
public static class FeedSchemas
{
    /// <summary>Foxglove's time: seconds and nanoseconds since the Unix epoch.</summary>
    public const string Time =
        """{"type":"object","description":"time since the Unix epoch","properties":{"sec":{"type":"integer","minimum":0},"nsec":{"type":"integer","minimum":0,"maximum":999999999}},"required":["sec","nsec"]}""";

    private const string Stamp = "\"t\":" + Time + ",\"seq\":{\"type\":\"integer\",\"minimum\":0,\"description\":\"the raw message's sequence\"}";

    private const string Obstacle =
        """{"type":"object","properties":{"rangeM":{"type":"number","description":"range to the near face, m"},"bearingDeg":{"type":"number","description":"0 ahead, positive to starboard"},"widthM":{"type":"number"},"depthM":{"type":"number"},"strengthDb":{"type":"number"},"cells":{"type":"integer"}},"required":["rangeM","bearingDeg"]}""";

    /// <summary><c>feed/altitude/{sensor}</c>.</summary>
    public const string Altitude =
        "{\"title\":\"rovdsp.feed.Altitude\",\"type\":\"object\",\"description\":\"Altitude above the seabed (docs/topics.md); a field that is not finite is left out\",\"properties\":{" + Stamp +
        ",\"altitudeM\":{\"type\":\"number\"},\"confidence\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1},\"bottomDb\":{\"type\":\"number\"},\"snrDb\":{\"type\":\"number\"}" +
        ",\"state\":{\"type\":\"string\"},\"rawPickM\":{\"type\":\"number\"},\"soundSpeedMps\":{\"type\":\"number\"}},\"required\":[\"t\",\"seq\",\"state\"]}";

    /// <summary><c>feed/obstacles/{sensor}</c> of the imaging sonar (detections, corridor, fan) and of the scanning sonar
    /// (angleGrad, imageRangeM).</summary>
    public const string Obstacles =
        "{\"title\":\"rovdsp.feed.Obstacles\",\"type\":\"object\",\"description\":\"Obstacles of one sonar frame or sector (docs/topics.md); nearest is left out when none is in the corridor\",\"properties\":{" + Stamp +
        ",\"detections\":{\"type\":\"integer\"},\"angleGrad\":{\"type\":\"integer\"},\"imageRangeM\":{\"type\":\"number\"}" +
        ",\"nearest\":" + Obstacle + ",\"count\":{\"type\":\"integer\"},\"obstacles\":{\"type\":\"array\",\"items\":" + Obstacle + "}" +
        ",\"corridor\":{\"type\":\"object\",\"properties\":{\"halfWidthM\":{\"type\":\"number\"},\"maxRangeM\":{\"type\":\"number\"}}}" +
        ",\"fan\":{\"type\":\"object\",\"properties\":{\"width\":{\"type\":\"integer\"},\"height\":{\"type\":\"integer\"},\"metresPerPixel\":{\"type\":\"number\"},\"originColumn\":{\"type\":\"number\"},\"originRow\":{\"type\":\"number\"}}}" +
        "},\"required\":[\"t\",\"seq\",\"count\",\"obstacles\"]}";

    /// <summary><c>feed/sidescan/{sensor}</c>.</summary>
    public const string SideScan =
        "{\"title\":\"rovdsp.feed.SideScan\",\"type\":\"object\",\"description\":\"One side-scan line's targets (docs/topics.md)\",\"properties\":{" + Stamp +
        ",\"altitudeM\":{\"type\":\"number\"},\"altitudeSource\":{\"type\":\"string\"},\"targets\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{" +
        "\"side\":{\"type\":\"string\",\"enum\":[\"port\",\"starboard\"]},\"groundRangeM\":{\"type\":\"number\"},\"shadowM\":{\"type\":\"number\"},\"heightM\":{\"type\":\"number\"},\"highlight\":{\"type\":\"number\"}},\"required\":[\"side\"]}}" +
        "},\"required\":[\"t\",\"seq\",\"targets\"]}";

    /// <summary><c>feed/slurry/{line}</c>.</summary>
    public static string Slurry { get; } =
        "{\"title\":\"rovdsp.feed.Slurry\",\"type\":\"object\",\"description\":\"The slurry line (docs/topics.md); a field that is not finite is left out\",\"properties\":{" + Stamp +
        ",\"velocityMps\":{\"type\":\"number\"},\"flowM3h\":{\"type\":\"number\"},\"densityKgM3\":{\"type\":\"number\"},\"cv\":{\"type\":\"number\"},\"mixtureTph\":{\"type\":\"number\"}" +
        ",\"drySolidsTph\":{\"type\":\"number\"},\"dryTonnesToday\":{\"type\":\"number\"},\"wetTonnesToday\":{\"type\":\"number\"},\"dryProgress\":{\"type\":\"number\"}" +
        ",\"projectedDryTonnes\":{\"type\":\"number\"},\"differentialPressureKPa\":{\"type\":\"number\"},\"depositionVelocityMps\":{\"type\":\"number\"}" +
        ",\"clogWarning\":{\"type\":\"boolean\"},\"clogStage\":{\"type\":\"string\",\"enum\":[\"clear\",\"settling\",\"below-deposition\",\"unknown\"]},\"clogLevel\":{\"type\":\"number\"}" +
        ",\"faults\":" + SlurryFaultsJson.Schema + ",\"faultyKinds\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":8}" +
        ",\"ageUs\":{\"type\":\"integer\",\"minimum\":0,\"description\":\"Age in microseconds of the reading stamped t when the bridge handed the feed on (only when its raw sample carried an age)\"}" +
        "},\"required\":[\"t\",\"seq\",\"clogWarning\",\"clogStage\",\"faults\",\"faultyKinds\"]}";

    private const string Severity = "{\"type\":\"string\",\"enum\":[\"critical\",\"warning\",\"info\"]}";

    private const string AlarmState =
        "{\"type\":\"object\",\"properties\":{\"alarm\":{\"type\":\"string\"},\"severity\":" + Severity + ",\"state\":{\"type\":\"string\"},\"raisedT\":" + Time +
        "},\"required\":[\"alarm\",\"severity\",\"state\",\"raisedT\"]}";

    /// <summary><c>alarms/events</c>.</summary>
    public const string AlarmEvents =
        "{\"title\":\"rovdsp.alarms.Events\",\"type\":\"object\",\"description\":\"Alarm transitions (docs/topics.md)\",\"properties\":{\"t\":" + Time +
        ",\"events\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"alarm\":{\"type\":\"string\"},\"severity\":" + Severity +
        ",\"transition\":{\"type\":\"string\",\"enum\":[\"raised\",\"cleared\",\"acknowledged\"]},\"value\":{\"type\":\"number\"},\"state\":{\"type\":\"string\"}},\"required\":[\"alarm\",\"severity\",\"transition\",\"state\"]}}" +
        "},\"required\":[\"t\",\"events\"]}";

    /// <summary><c>alarms/active</c>.</summary>
    public const string AlarmsActive =
        "{\"title\":\"rovdsp.alarms.Active\",\"type\":\"object\",\"description\":\"Active and returned-unacknowledged alarms (docs/topics.md)\",\"properties\":{\"t\":" + Time +
        ",\"active\":{\"type\":\"array\",\"items\":" + AlarmState + "},\"returned\":{\"type\":\"array\",\"items\":" + AlarmState + "}},\"required\":[\"t\",\"active\",\"returned\"]}";

    /// <summary><c>errors</c>.</summary>
    public const string Errors =
        "{\"title\":\"rovdsp.Errors\",\"type\":\"object\",\"description\":\"Refused input, rate-limited (docs/topics.md)\",\"properties\":{\"t\":" + Time + ",\"source\":{\"type\":\"string\"}" +
        ",\"reason\":{\"type\":\"string\"},\"detail\":{\"type\":\"string\"},\"count\":{\"type\":\"integer\"},\"total\":{\"type\":\"integer\"},\"suppressed\":{\"type\":\"integer\"}},\"required\":[\"t\",\"source\",\"reason\"]}";

    /// <summary>The schema's name in an MCAP file: its <c>title</c>.</summary>
    public static string NameOf(string schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var start = schema.IndexOf("\"title\":\"", StringComparison.Ordinal) + 9;
        return schema[start..schema.IndexOf('"', start)];
    }

    /// <summary>The schema of a JSON topic of docs/topics.md (<c>rov/{v}/feed/{name}/{sensor}</c>, <c>alarms/events</c>,
    /// <c>alarms/active</c>, <c>alarms/ack</c>, <c>errors</c>, and the <see cref="TelemetrySchemas"/> of status, metrics
    /// and fleet status); null for any other topic.</summary>
    public static string? ForTopic(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.EndsWith("/alarms/events", StringComparison.Ordinal))
        {
            return AlarmEvents;
        }

        if (topic.EndsWith("/alarms/active", StringComparison.Ordinal))
        {
            return AlarmsActive;
        }

        if (topic.EndsWith("/errors", StringComparison.Ordinal))
        {
            return Errors;
        }

        if (topic.EndsWith("/alarms/ack", StringComparison.Ordinal))
        {
            return TelemetrySchemas.AlarmAck;
        }

        // rov/{v}/status and rov/{v}/metrics have three levels, rovdsp/fleet/{client}/status four.
        if (topic.StartsWith("rov/", StringComparison.Ordinal) && topic.IndexOf('/', 4) is var end && end > 4 && topic.IndexOf('/', end + 1) < 0)
        {
            switch (topic.AsSpan(end + 1))
            {
                case "status":
                    return TelemetrySchemas.Status;
                case "metrics":
                    return TelemetrySchemas.Metrics;
            }
        }

        if (topic.StartsWith("rovdsp/fleet/", StringComparison.Ordinal) && topic.EndsWith("/status", StringComparison.Ordinal))
        {
            return TelemetrySchemas.FleetStatus;
        }

        var at = topic.IndexOf("/feed/", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = topic.AsSpan(at + "/feed/".Length);
        var slash = rest.IndexOf('/');
        return (slash < 0 ? rest : rest[..slash]) switch
        {
            FeedNames.Altitude => Altitude,
            FeedNames.Obstacles => Obstacles,
            FeedNames.SideScan => SideScan,
            FeedNames.SideScanContacts => SideScanContactJson.Schema,
            FeedNames.Slurry => Slurry,
            _ => null,
        };
    }
}
