using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>A pilot's view of the bridge under attack: counts the feeds it receives per topic, the longest gap
/// between two messages of each, the latest metrics and the size of the largest error report.</summary>
internal sealed class FeedWatcher : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastSeen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _maxGap = new(StringComparer.Ordinal);
    private volatile string? _metrics;
    private int _metricsBytes;
    private int _largestError;
    private long _errorReports;

    private FeedWatcher(IMqttClient client) => _client = client;

    public int LargestErrorReport => Volatile.Read(ref _largestError);

    public long ErrorReports => Interlocked.Read(ref _errorReports);

    public int MetricsBytes => Volatile.Read(ref _metricsBytes);

    /// <summary>Connects to the bridge's broker (retrying while it starts) and subscribes.</summary>
    public static async Task<FeedWatcher> StartAsync(int port, TimeSpan timeout)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var watcher = new FeedWatcher(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            watcher.OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            return Task.CompletedTask;
        };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("pilot-watcher")
                    .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(5)).Build());
                break;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }

        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("rov/rov1/feed/#").WithTopicFilter("rov/rov1/metrics").WithTopicFilter("rov/rov1/errors").Build());
        return watcher;
    }

    private void OnMessage(string topic, System.Buffers.ReadOnlySequence<byte> payload)
    {
        if (topic == "rov/rov1/metrics")
        {
            _metrics = Encoding.UTF8.GetString(payload);
            Volatile.Write(ref _metricsBytes, (int)payload.Length);
            return;
        }

        if (topic == "rov/rov1/errors")
        {
            Interlocked.Increment(ref _errorReports);
            InterlockedMax(ref _largestError, (int)payload.Length);
            return;
        }

        var now = Stopwatch.GetTimestamp();
        _counts.AddOrUpdate(topic, 1, static (_, n) => n + 1);
        if (_lastSeen.TryGetValue(topic, out var last))
        {
            var gap = now - last;
            _maxGap.AddOrUpdate(topic, gap, (_, g) => Math.Max(g, gap));
        }

        _lastSeen[topic] = now;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Feed messages received so far, per topic.</summary>
    public Dictionary<string, long> Counts() => new(_counts, StringComparer.Ordinal);

    /// <summary>Forgets the gaps seen so far (called at the start of an attack).</summary>
    public void ResetGaps()
    {
        _maxGap.Clear();
        var now = Stopwatch.GetTimestamp();
        foreach (var topic in _lastSeen.Keys)
        {
            _lastSeen[topic] = now;
        }
    }

    /// <summary>Longest gap between two messages of <paramref name="topic"/> since <see cref="ResetGaps"/>, up to now.</summary>
    public TimeSpan MaxGap(string topic)
    {
        var now = Stopwatch.GetTimestamp();
        var open = _lastSeen.TryGetValue(topic, out var last) ? now - last : 0;
        return Stopwatch.GetElapsedTime(0, Math.Max(open, _maxGap.GetValueOrDefault(topic)));
    }

    /// <summary>A number from the latest metrics, by path (e.g. "broker", "byReason", "packet-too-large": in an array
    /// the step names the entry whose first field has that value, and its <c>count</c> is read); 0 when absent.</summary>
    public long Metric(params string[] path)
    {
        var json = _metrics;
        if (json is null)
        {
            return 0;
        }

        using var doc = JsonDocument.Parse(json);
        var e = doc.RootElement;
        foreach (var p in path)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                var entry = e.EnumerateArray().FirstOrDefault(i => i.ValueKind == JsonValueKind.Object
                    && i.EnumerateObject().FirstOrDefault().Value is { ValueKind: JsonValueKind.String } k && k.GetString() == p);
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("count", out e))
                {
                    return 0;
                }
            }
            else if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
            {
                return 0;
            }
        }

        return e.ValueKind == JsonValueKind.Number ? e.GetInt64() : 0;
    }

    /// <summary>Number of sensors with a pipeline in the latest metrics.</summary>
    public int Sensors()
    {
        var json = _metrics;
        if (json is null)
        {
            return 0;
        }

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("sensors", out var s) ? s.GetArrayLength() : 0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.DisconnectAsync();
        }
        catch (Exception)
        {
            // Best effort: the bridge may be gone.
        }

        _client.Dispose();
    }
}
