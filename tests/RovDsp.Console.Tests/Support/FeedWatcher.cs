using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MQTTnet;

namespace RovDsp.Console.Tests.Support;

/// <summary>The test's own MQTT client beside the page: it sees the same feeds from the same broker, and keeps the last
/// payload of each topic and every alarm event with the time it arrived. It also plays recordings into the broker.</summary>
public sealed class FeedWatcher : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentDictionary<string, string> _last = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(long At, JsonElement Event)> _events = new();

    private FeedWatcher(IMqttClient client)
    {
        _client = client;
    }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> and subscribes to everything of vehicle rov1.</summary>
    public static async Task<FeedWatcher> StartAsync(int port)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var watcher = new FeedWatcher(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            var topic = e.ApplicationMessage.Topic;
            if (e.ApplicationMessage.ContentType?.Contains("json", StringComparison.Ordinal) == true || topic.Contains("/alarms/", StringComparison.Ordinal))
            {
                var text = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
                watcher._last[topic] = text;
                if (topic.EndsWith("/alarms/events", StringComparison.Ordinal))
                {
                    using var doc = JsonDocument.Parse(text);
                    foreach (var ev in doc.RootElement.GetProperty("events").EnumerateArray())
                    {
                        watcher._events.Enqueue((Stopwatch.GetTimestamp(), ev.Clone()));
                    }
                }
            }

            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("console-test-" + Guid.NewGuid().ToString("N")[..8])
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("rov/rov1/feed/#").WithTopicFilter("rov/rov1/alarms/#").WithTopicFilter("rov/rov1/metrics").Build());
        return watcher;
    }

    /// <summary>The last JSON payload on <paramref name="topic"/>, or null.</summary>
    public JsonElement? Last(string topic) =>
        _last.TryGetValue(topic, out var text) ? JsonDocument.Parse(text).RootElement.Clone() : null;

    /// <summary>Topics seen that start with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> Topics(string prefix) => [.. _last.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>Alarm events seen, with the <see cref="Stopwatch"/> timestamp each arrived.</summary>
    public IReadOnlyList<(long At, JsonElement Event)> Events => [.. _events];

    /// <summary>Publishes an MQTT message (the tests' acknowledgements and raw messages).</summary>
    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload.ToArray()).Build());

    /// <summary>Plays recordings/<paramref name="file"/> from <paramref name="fromS"/> to <paramref name="toS"/> (recording
    /// seconds) at <paramref name="speed"/> into the broker, as a sensor would publish (QoS 0).</summary>
    public async Task PlayAsync(string file, double fromS, double toS, double speed, CancellationToken cancellationToken = default)
    {
        using var player = Replay.Playback.RecordingPlayer.Open(Bridge.Tests.Support.RepoFiles.Recording(file),
            new Replay.Playback.PlaybackOptions { Speed = speed, FromSeconds = fromS, ToSeconds = toS });
        await player.PlayAsync(async (topic, payload, ct) =>
            await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload.ToArray()).Build(), ct), cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
