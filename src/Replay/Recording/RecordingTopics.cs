namespace RovDsp.Replay.Recording;

/// <summary>Topic, schema and encoding names of RovDsp recordings (docs/topics.md, docs/wire-encoding.md): raw
/// channels carry the MQTT raw topic as their MCAP topic so that a recording replays onto the same topics.</summary>
public static class RecordingTopics
{
    /// <summary>The vehicle id used when none is given.</summary>
    public const string DefaultVehicle = "rov1";

    /// <summary>Message encoding of raw sensor messages (docs/wire-encoding.md).</summary>
    public const string WireEncoding = "rovdsp-wire";

    /// <summary>Schema encoding of raw sensor schemas.</summary>
    public const string WireSchemaEncoding = "rovdsp-wire-1";

    /// <summary>Message encoding of Blue Robotics Ping device frames kept as the device sent them.</summary>
    public const string PingEncoding = "ping-protocol";

    /// <summary>Message encoding of JSON channels (truth, feeds).</summary>
    public const string JsonEncoding = "json";

    /// <summary>Schema encoding of JSON channels.</summary>
    public const string JsonSchemaEncoding = "jsonschema";

    /// <summary>Ground-truth altitude of the echosounder at each ping.</summary>
    public const string TruthAltitude = "truth/altitude";

    /// <summary>Ground-truth obstacles relative to the imaging sonar at each frame.</summary>
    public const string TruthObstacles = "truth/obstacles";

    /// <summary>Ground-truth state of the slurry line.</summary>
    public const string TruthSlurry = "truth/slurry";

    /// <summary>Name of the metadata record describing a simulated dive.</summary>
    public const string DiveMetadata = "dive";

    /// <summary>Name of the metadata record describing an import.</summary>
    public const string ImportMetadata = "import";

    /// <summary>Default sensor name of the echosounder.</summary>
    public const string EchosounderSensor = "echo1";

    /// <summary>Default sensor name of the imaging (multibeam) sonar.</summary>
    public const string MultibeamSensor = "multibeam1";

    /// <summary>Default sensor name of the scanning sonar.</summary>
    public const string ScanningSensor = "scan1";

    /// <summary>Default sensor name of the side-scan sonar.</summary>
    public const string SideScanSensor = "sidescan1";

    /// <summary>Default name of the slurry line (all its sensors share one topic).</summary>
    public const string SlurryLine = "line1";

    /// <summary>The raw topic <c>rov/{vehicle}/raw/{kind}/{sensor}</c>.</summary>
    /// <param name="vehicle">Vehicle id.</param>
    /// <param name="kind">Raw kind: echosounder, multibeam, scanning, sidescan, slurry or ping.</param>
    /// <param name="sensor">Sensor (or line) name.</param>
    public static string Raw(string vehicle, string kind, string sensor) => $"rov/{vehicle}/raw/{kind}/{sensor}";

    /// <summary>Message encoding given to a recorded MQTT payload whose content type is not JSON and that is not a
    /// raw topic (feed images, custom topics): its MQTT content type, or this when it has none.</summary>
    public const string BinaryEncoding = "application/octet-stream";

    /// <summary>The wire message type carried on a raw topic level (<c>echosounder</c> → <c>EchosounderPing</c>), or
    /// null for a level that does not carry the wire encoding (<c>ping</c>, or unknown).</summary>
    /// <param name="kindLevel">The raw topic's kind level.</param>
    public static string? WireMessageType(ReadOnlySpan<char> kindLevel) => kindLevel switch
    {
        "echosounder" => "EchosounderPing",
        "multibeam" => "MultibeamFrame",
        "scanning" => "ScanningSonarStep",
        "sidescan" => "SideScanLine",
        "slurry" => "SlurrySample",
        _ => null,
    };

    /// <summary>The schema name of a wire kind, <c>rovdsp.wire.{kind}</c>.</summary>
    /// <param name="kind">Message type name, e.g. EchosounderPing.</param>
    public static string WireSchemaName(string kind) => "rovdsp.wire." + kind;

    /// <summary>The schema data of a wire kind: a short description pointing at the specification.</summary>
    /// <param name="kind">Message type name, e.g. EchosounderPing.</param>
    public static byte[] WireSchemaData(string kind) =>
        System.Text.Encoding.UTF8.GetBytes($"RovDsp wire encoding, message {kind}: see docs/wire-encoding.md");
}
