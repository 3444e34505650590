namespace RovDsp.Processing.Feeds;

/// <summary>
/// The JSON Schemas of the bridge's own telemetry (docs/topics.md): <c>rov/{v}/status</c>, <c>rov/{v}/metrics</c>,
/// <c>rovdsp/fleet/{client}/status</c>, and the pilots' <c>rov/{v}/alarms/ack</c>, so a recording of a live dive
/// (<c>rovdsp-replay record</c>) opens in Foxglove and Lichtblick with every JSON channel described. Same subset as
/// <see cref="FeedSchemas"/>: every object lists its fields under <c>properties</c>, one type per field, times as
/// <c>{sec, nsec}</c>; what is counted by a name (sensors, error reasons, broker refusals, Modbus exception codes) is
/// an array of <c>{name, count}</c> objects rather than an object keyed by name, since no schema in that subset can
/// declare keys it does not know (and the Plot panel filters arrays: <c>.sensors[:]{sensor=="slurry/line1"}.handled</c>).
/// </summary>
public static class TelemetrySchemas
{
    private const string Integer = """{"type":"integer","minimum":0}""";

    private const string Latency =
        """{"type":"object","description":"microseconds over the last 4,096 samples","properties":{"count":{"type":"integer"},"p50":{"type":"number"},"p99":{"type":"number"},"p999":{"type":"number"},"max":{"type":"number"}}}""";

    private static string Counted(string name, string description) =>
        "{\"type\":\"array\",\"description\":\"" + description + "\",\"items\":{\"type\":\"object\",\"properties\":{\"" + name +
        "\":{\"type\":\"string\"},\"count\":" + Integer + "},\"required\":[\"" + name + "\",\"count\"]}}";

    private const string HardwareState =
        "\"device\":{\"type\":\"string\"},\"state\":{\"type\":\"string\",\"enum\":[\"discovering\",\"connecting\",\"connected\",\"lost\"]}" +
        ",\"reason\":{\"type\":\"string\",\"description\":\"why the link is lost\"}";

    /// <summary>The <c>hardware</c> object of status and metrics (docs/hardware.md): one object per device link, with
    /// its counters in metrics only.</summary>
    private static string Hardware(bool counters) =>
        "{\"type\":\"object\",\"description\":\"device links (docs/hardware.md); absent without any\",\"properties\":{" +
        "\"modbus\":{\"type\":\"object\",\"properties\":{" + HardwareState + (counters ? ModbusCounters : "") + "},\"required\":[\"device\",\"state\"]}" +
        ",\"oculus\":{\"type\":\"object\",\"properties\":{" + HardwareState + (counters ? OculusCounters : "") + "},\"required\":[\"device\",\"state\"]}}}";

    private static string ModbusCounters { get; } =
        ",\"requests\":" + Integer + ",\"responses\":" + Integer +
        ",\"exceptions\":{\"type\":\"object\",\"properties\":{\"total\":" + Integer +
        ",\"byCode\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"code\":" + Integer +
        ",\"name\":{\"type\":\"string\",\"description\":\"the code's name in the Modbus specification\"},\"count\":" + Integer + "},\"required\":[\"code\",\"name\",\"count\"]}}}}" +
        ",\"timeouts\":" + Integer + ",\"wrongTransactionIds\":" + Integer + ",\"shortFrames\":" + Integer + ",\"badFrames\":" + Integer +
        ",\"connects\":" + Integer + ",\"reconnects\":" + Integer + ",\"disconnects\":" + Integer + ",\"polls\":" + Integer +
        ",\"readings\":" + Integer + ",\"faultyReadings\":" + Integer + ",\"overruns\":" + Integer + ",\"splits\":" + Integer +
        ",\"requestsPerCycle\":" + Integer + ",\"publishesDropped\":" + Integer +
        ",\"roundTripUs\":{\"type\":\"object\",\"properties\":{\"last\":{\"type\":\"number\"},\"p50\":{\"type\":\"number\"},\"p99\":{\"type\":\"number\"}}}" +
        ",\"lastError\":{\"type\":\"string\"}";

    private static string OculusCounters { get; } =
        ",\"since\":{\"type\":\"string\",\"description\":\"when the link entered its state (ISO 8601, UTC)\"}" +
        ",\"frames\":" + Integer + ",\"badFrames\":" + Integer + ",\"resyncs\":" + Integer + ",\"reconnects\":" + Integer +
        ",\"bytesSkipped\":" + Integer + ",\"otherMessages\":" + Integer + ",\"connects\":" + Integer + ",\"lastFrameAgeMs\":" + Integer +
        ",\"lastBadFrame\":{\"type\":\"string\"},\"lastResync\":{\"type\":\"string\"}" +
        ",\"statusMessages\":" + Integer + ",\"badStatusDatagrams\":" + Integer;

    private const string Link =
        "{\"type\":\"object\",\"properties\":{\"connected\":{\"type\":\"boolean\"},\"connects\":" + Integer + ",\"disconnects\":" + Integer +
        ",\"publishesDropped\":" + Integer + ",\"messagesReceived\":" + Integer + ",\"failedAttempts\":" + Integer +
        ",\"publishesRefused\":" + Integer + ",\"subscriptionsRefused\":" + Integer + ",\"lastFailure\":{\"type\":\"string\"}},\"required\":[\"connected\"]}";

    /// <summary><c>rov/{v}/status</c>, retained, and the bridge's last will.</summary>
    public static string Status { get; } =
        "{\"title\":\"rovdsp.Status\",\"type\":\"object\",\"description\":\"The bridge's state for one vehicle (docs/topics.md)\",\"properties\":{" +
        "\"state\":{\"type\":\"string\",\"enum\":[\"online\",\"offline\"]},\"vehicle\":{\"type\":\"string\"},\"client\":{\"type\":\"string\"},\"t\":" + FeedSchemas.Time +
        ",\"detail\":{\"type\":\"string\"},\"warning\":{\"type\":\"string\"},\"insecure\":{\"type\":\"boolean\",\"description\":\"an open broker beyond loopback (--insecure)\"}" +
        ",\"hardware\":" + Hardware(counters: false) + "},\"required\":[\"state\",\"vehicle\",\"client\",\"t\"]}";

    /// <summary><c>rov/{v}/metrics</c>, every second.</summary>
    public static string Metrics { get; } =
        "{\"title\":\"rovdsp.Metrics\",\"type\":\"object\",\"description\":\"The bridge's counters and latencies for one vehicle (docs/topics.md)\",\"properties\":{" +
        "\"t\":" + FeedSchemas.Time + ",\"client\":{\"type\":\"string\"},\"rawReceived\":" + Integer +
        ",\"processingUs\":" + Latency + ",\"endToEndUs\":" + Latency +
        ",\"sensors\":{\"type\":\"array\",\"description\":\"one entry per sensor pipeline\",\"items\":{\"type\":\"object\",\"properties\":{" +
        "\"sensor\":{\"type\":\"string\",\"description\":\"kind/sensor\"},\"handled\":" + Integer + ",\"dropped\":" + Integer + ",\"failures\":" + Integer +
        ",\"queued\":" + Integer + ",\"backpressureWaits\":" + Integer + ",\"backlogged\":{\"type\":\"boolean\"}},\"required\":[\"sensor\",\"handled\",\"dropped\"]}}" +
        ",\"errors\":{\"type\":\"object\",\"properties\":{\"total\":" + Integer + ",\"suppressed\":" + Integer +
        ",\"byReason\":" + Counted("reason", "refused input by reason") + "},\"required\":[\"total\",\"suppressed\",\"byReason\"]}" +
        ",\"inProcess\":{\"type\":\"boolean\"},\"injectionsDropped\":" + Integer +
        ",\"broker\":{\"type\":\"object\",\"description\":\"the embedded broker's refusals (absent with an external broker)\",\"properties\":{" +
        "\"connectionsRefused\":{\"type\":\"object\",\"properties\":{\"badCredentials\":" + Integer + ",\"notAuthorized\":" + Integer + ",\"clientId\":" + Integer + "}}" +
        ",\"publishesDenied\":" + Integer + ",\"subscriptionsDenied\":" + Integer + ",\"deliveriesDenied\":" + Integer +
        ",\"connections\":" + Integer + ",\"refused\":" + Integer + ",\"byReason\":" + Counted("reason", "the broker's limits' refusals by reason") + "}}" +
        ",\"link\":" + Link + ",\"bulkLink\":" + Link +
        ",\"hardware\":" + Hardware(counters: true) +
        ",\"state\":{\"type\":\"object\",\"description\":\"checkpoints (--state-dir; absent without)\",\"properties\":{\"checkpoints\":" + Integer +
        ",\"writeFailures\":" + Integer + ",\"readFailures\":" + Integer + ",\"restored\":{\"type\":\"boolean\"}}}" +
        "},\"required\":[\"t\",\"client\",\"sensors\",\"errors\"]}";

    /// <summary><c>rovdsp/fleet/{client}/status</c> of a bridge serving many vehicles.</summary>
    public static string FleetStatus { get; } =
        "{\"title\":\"rovdsp.FleetStatus\",\"type\":\"object\",\"description\":\"A fleet bridge's vehicles and refusals (docs/topics.md)\",\"properties\":{" +
        "\"state\":{\"type\":\"string\",\"enum\":[\"online\",\"offline\"]},\"client\":{\"type\":\"string\"},\"t\":" + FeedSchemas.Time +
        ",\"detail\":{\"type\":\"string\"},\"shard\":{\"type\":\"string\",\"description\":\"k/N\"},\"shareGroup\":{\"type\":\"string\"}" +
        ",\"maxVehicles\":" + Integer + ",\"vehicles\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}" +
        ",\"vehiclesRefused\":" + Integer + ",\"messagesRefused\":" + Integer + ",\"messagesElsewhere\":" + Integer +
        ",\"messagesBadTopic\":" + Integer + ",\"interleavings\":" + Integer + ",\"unitFailures\":" + Integer +
        "},\"required\":[\"state\",\"client\",\"t\",\"vehicles\"]}";

    /// <summary><c>rov/{v}/alarms/ack</c>: what a pilot's console sends (anything else is refused on <c>errors</c>).</summary>
    public const string AlarmAck =
        """{"title":"rovdsp.alarms.Ack","type":"object","description":"A pilot acknowledges one alarm (docs/topics.md)","properties":{"alarm":{"type":"string"}},"required":["alarm"]}""";
}
