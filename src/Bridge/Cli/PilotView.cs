using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MQTTnet;
using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Cli;

/// <summary>
/// What the pilot sees, built only from the bridge's published feeds (altitude, obstacles, slurry, active alarms,
/// metrics) through its own MQTT subscription, so it shows exactly what any other client of the broker would.
/// The receive handler only parses a few fields of small JSON documents under a lock (images are not subscribed).
/// </summary>
internal sealed class PilotView : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly MqttLink _link;
    private readonly string _root;
    private double _altitude = double.NaN, _confidence = double.NaN;
    private string _altitudeState = "–";
    private readonly Dictionary<string, (double Range, double Bearing, int Count, DateTime At)> _obstacles = new(StringComparer.Ordinal);
    private double _flow = double.NaN, _dryTph = double.NaN, _dryToday = double.NaN, _projected = double.NaN;
    private string _clog = "–";
    private string _alarms = "none";
    private long _raw, _lastRaw = -1;
    private double _rate;
    private DateTime _lastMetrics;
    private double _procP50, _procP99, _e2eP50, _e2eP99;
    private long _feedMessages;
    private readonly LinkFailureReporter? _problems;
    private readonly string? _userName;
    private long _lastMessageTicks = DateTime.UtcNow.Ticks;

    /// <summary>How long the view may hear nothing (metrics come every second) before it says so.</summary>
    public static readonly TimeSpan SilenceWarning = TimeSpan.FromSeconds(5);

    /// <summary>Creates the view's subscription to <paramref name="vehicle"/>'s feeds on <paramref name="endpoint"/>
    /// with the view's own credentials; <paramref name="problems"/> (the run's link failures, this view's included)
    /// is shown as a row, so a pilot sees that the bridge lost its authorisation instead of a frozen picture.</summary>
    public PilotView(BrokerEndpoint endpoint, string vehicle, string? userName, string? password, MqttTlsOptions? tls = null,
        LinkFailureReporter? problems = null)
    {
        _root = $"rov/{vehicle}/";
        _problems = problems;
        _userName = userName;
        _link = new MqttLink(
            new MqttLinkOptions
            {
                Endpoint = endpoint,
                ClientId = "rovdsp-pilot-view-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                UserName = userName,
                Password = password,
                Tls = tls,
                Observer = problems,
                Subscriptions =
                [
                    (_root + "feed/altitude/+", 0), (_root + "feed/obstacles/+", 0), (_root + "feed/slurry/+", 0),
                    (_root + "alarms/active", 1), (_root + "metrics", 0),
                ],
            },
            OnMessage);
    }

    /// <summary>Feed, alarm and metrics messages received.</summary>
    public long FeedMessages => Interlocked.Read(ref _feedMessages);

    /// <summary>Connects and subscribes.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _link.StartAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _lastMessageTicks, DateTime.UtcNow.Ticks);
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        Interlocked.Increment(ref _feedMessages);
        Interlocked.Exchange(ref _lastMessageTicks, DateTime.UtcNow.Ticks);
        var topic = e.ApplicationMessage.Topic;
        try
        {
            using var doc = JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray());
            var r = doc.RootElement;
            lock (_gate)
            {
                if (topic.StartsWith(_root + "feed/altitude/", StringComparison.Ordinal))
                {
                    _altitude = Number(r, "altitudeM");
                    _confidence = Number(r, "confidence");
                    _altitudeState = r.TryGetProperty("state", out var s) ? s.GetString() ?? "–" : "–";
                }
                else if (topic.StartsWith(_root + "feed/obstacles/", StringComparison.Ordinal))
                {
                    // Each sonar (imaging, scanning) reports its own nearest obstacle; the view keeps them apart and
                    // shows the closest of those heard from in the last 5 s.
                    var count = r.TryGetProperty("count", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
                    var hasNearest = r.TryGetProperty("nearest", out var n) && n.ValueKind == JsonValueKind.Object;
                    _obstacles[topic] = (hasNearest ? Number(n, "rangeM") : double.NaN, hasNearest ? Number(n, "bearingDeg") : double.NaN, count, DateTime.UtcNow);
                }
                else if (topic.StartsWith(_root + "feed/slurry/", StringComparison.Ordinal))
                {
                    _flow = Number(r, "flowM3h");
                    _dryTph = Number(r, "drySolidsTph");
                    _dryToday = Number(r, "dryTonnesToday");
                    _projected = Number(r, "projectedDryTonnes");
                    _clog = r.TryGetProperty("clogStage", out var s) ? s.GetString() ?? "–" : "–";
                }
                else if (topic == _root + "alarms/active")
                {
                    var names = new List<string>();
                    if (r.TryGetProperty("active", out var a) && a.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in a.EnumerateArray())
                        {
                            names.Add($"{item.GetProperty("alarm").GetString()} ({item.GetProperty("severity").GetString()})");
                        }
                    }

                    _alarms = names.Count == 0 ? "none" : string.Join(", ", names);
                }
                else if (topic == _root + "metrics")
                {
                    var now = DateTime.UtcNow;
                    _raw = r.GetProperty("rawReceived").GetInt64();
                    if (_lastRaw >= 0)
                    {
                        var dt = (now - _lastMetrics).TotalSeconds;
                        _rate = dt > 0 ? (_raw - _lastRaw) / dt : 0;
                    }

                    _lastRaw = _raw;
                    _lastMetrics = now;
                    (_procP50, _procP99) = Percentiles(r, "processingUs");
                    (_e2eP50, _e2eP99) = Percentiles(r, "endToEndUs");
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A feed this view cannot read is skipped; the bridge's own error topic reports bad input.
        }

        return Task.CompletedTask;
    }

    private static (double P50, double P99) Percentiles(JsonElement r, string name) =>
        r.TryGetProperty(name, out var h) ? (Number(h, "p50"), Number(h, "p99")) : (double.NaN, double.NaN);

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

    private static string F(double v, string format) => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

    private (double Range, double Bearing, int Count) Nearest()
    {
        double range = double.NaN, bearing = double.NaN;
        var count = 0;
        var fresh = DateTime.UtcNow - TimeSpan.FromSeconds(5);
        foreach (var (r, b, c, at) in _obstacles.Values)
        {
            if (at < fresh)
            {
                continue;
            }

            count += c;
            if (!double.IsNaN(r) && (double.IsNaN(range) || r < range))
            {
                (range, bearing) = (r, b);
            }
        }

        return (range, bearing, count);
    }

    /// <summary>The view as label/value rows.</summary>
    public IReadOnlyList<(string Label, string Value)> Rows()
    {
        lock (_gate)
        {
            var (range, bearing, count) = Nearest();
            return
            [
                ("Altitude", $"{F(_altitude, "F2")} m  {_altitudeState}  confidence {F(_confidence, "F2")}"),
                ("Nearest obstacle", double.IsNaN(range) ? $"none in the path ({count} tracked)" : $"{F(range, "F1")} m at {F(bearing, "+0.0;-0.0")}°  ({count} tracked)"),
                ("Slurry flow", $"{F(_flow, "F1")} m³/h   dry solids {F(_dryTph, "F2")} t/h   clog {_clog}"),
                ("Tonnes today", $"{F(_dryToday, "F2")} t dry of 350 t target   projected {F(_projected, "F0")} t"),
                ("Active alarms", _alarms),
                ("Raw messages", $"{F(_rate, "F0")} /s   ({_raw} total)"),
                ("Processing", $"p50 {F(_procP50, "F0")} µs   p99 {F(_procP99, "F0")} µs"),
                ("End to end", $"p50 {F(_e2eP50, "F0")} µs   p99 {F(_e2eP99, "F0")} µs"),
                ("Links", LinkProblems() ?? "ok"),
            ];
        }
    }

    /// <summary>The view as one status line (for redirected output).</summary>
    public string Line()
    {
        lock (_gate)
        {
            var (range, bearing, _) = Nearest();
            return string.Create(CultureInfo.InvariantCulture,
                $"{(LinkProblems() is { } p ? "LINK PROBLEM: " + p + " | " : string.Empty)}alt {F(_altitude, "F2")} m {_altitudeState} | obstacle {F(range, "F1")} m {F(bearing, "+0.0;-0.0")}° | flow {F(_flow, "F1")} m3/h dry {F(_dryTph, "F2")} t/h today {F(_dryToday, "F2")}/350 t | alarms {_alarms} | {F(_rate, "F0")} msg/s | proc p50/p99 {F(_procP50, "F0")}/{F(_procP99, "F0")} us | e2e {F(_e2eP50, "F0")}/{F(_e2eP99, "F0")} us");
        }
    }

    private string? LinkProblems()
    {
        var lines = new List<string>(_problems?.Problems() ?? []);
        // mosquitto grants a subscription its ACL will not deliver to (SUBACK success, then nothing): a view that hears
        // not even the metrics published every second says so instead of showing a blank picture as if all were calm.
        var silent = DateTime.UtcNow - new DateTime(Interlocked.Read(ref _lastMessageTicks), DateTimeKind.Utc);
        if (silent > SilenceWarning)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"NO FEEDS for {silent.TotalSeconds:F0} s: the broker delivers nothing to the view (user {_userName ?? "anonymous"} may not read {_root}#; give the view its own user with --view-username and ROVDSP_VIEW_PASSWORD)"));
        }

        return lines.Count > 0 ? string.Join("; ", lines) : null;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _link.DisposeAsync();
}
