using System.Buffers.Binary;
using System.Diagnostics;
using MQTTnet;
using RovDsp.Replay.Playback;

namespace RovDsp.Console.Tests.Support;

/// <summary>
/// The latency harness's realistic mix (tools/RovDsp.Perf: 20 echosounder pings/s, 10 multibeam frames/s, 8 slurry
/// sensors at 100 Hz) made live from a shipped recording's raw payloads: each stream cycles through its recorded
/// messages at the mix's rate, each message restamped with the time it is published (wire header: timestamp, ns since
/// the epoch, at byte 8; sequence at 16; docs/wire-encoding.md), so a feed's <c>t</c> is its raw message's publish time.
/// Load N publishes N copies, copy j on sensor topics of its own (multibeam1-j, ...).
/// </summary>
public sealed class LiveMix
{
    private readonly List<byte[]> _pings = [];
    private readonly List<byte[]> _frames = [];
    private readonly List<byte[]> _slurry = [];
    private readonly string _pingTopic;
    private readonly string _frameTopic;
    private readonly string _slurryTopic;

    private LiveMix(string pingTopic, string frameTopic, string slurryTopic)
    {
        _pingTopic = pingTopic;
        _frameTopic = frameTopic;
        _slurryTopic = slurryTopic;
    }

    /// <summary>Reads the first <paramref name="seconds"/> of recordings/<paramref name="file"/>.</summary>
    public static async Task<LiveMix> FromRecordingAsync(string file, double seconds)
    {
        using var player = RecordingPlayer.Open(Bridge.Tests.Support.RepoFiles.Recording(file), new PlaybackOptions { Speed = 0, ToSeconds = seconds });
        string? ping = null, frame = null, slurry = null;
        var messages = new List<(string Topic, byte[] Payload)>();
        await player.PlayAsync((topic, payload, _) =>
        {
            messages.Add((topic, payload.ToArray()));
            return ValueTask.CompletedTask;
        });
        foreach (var (topic, _) in messages)
        {
            if (topic.Contains("/raw/echosounder/", StringComparison.Ordinal)) ping ??= topic;
            else if (topic.Contains("/raw/multibeam/", StringComparison.Ordinal)) frame ??= topic;
            else if (topic.Contains("/raw/slurry/", StringComparison.Ordinal)) slurry ??= topic;
        }

        var mix = new LiveMix(ping ?? throw new InvalidOperationException($"{file} has no echosounder"),
            frame ?? throw new InvalidOperationException($"{file} has no multibeam"),
            slurry ?? throw new InvalidOperationException($"{file} has no slurry line"));
        foreach (var (topic, payload) in messages)
        {
            (topic == ping ? mix._pings : topic == frame ? mix._frames : topic == slurry ? mix._slurry : null)?.Add(payload);
        }

        return mix;
    }

    /// <summary>The multibeam raw topic of copy <paramref name="copy"/>.</summary>
    public string FrameTopic(int copy) => copy == 0 ? _frameTopic : $"{_frameTopic}-{copy}";

    /// <summary>Publishes <paramref name="load"/> copies of the mix to 127.0.0.1:<paramref name="port"/> for
    /// <paramref name="duration"/>; returns the messages published.</summary>
    public async Task<long> PlayAsync(int port, int load, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("live-mix-" + Guid.NewGuid().ToString("N")[..8])
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build(), cancellationToken);
        var streams = new List<(string Topic, List<byte[]> Payloads, double RateHz)>();
        for (var copy = 0; copy < load; copy++)
        {
            var suffix = copy == 0 ? "" : "-" + copy;
            streams.Add((_pingTopic + suffix, _pings, 20));
            streams.Add((_frameTopic + suffix, _frames, 10));
            streams.Add((_slurryTopic + suffix, _slurry, 800));
        }

        var next = new long[streams.Count];
        var started = Stopwatch.GetTimestamp();
        long published = 0;
        while (Stopwatch.GetElapsedTime(started) < duration && !cancellationToken.IsCancellationRequested)
        {
            var elapsedS = Stopwatch.GetElapsedTime(started).TotalSeconds;
            for (var s = 0; s < streams.Count; s++)
            {
                var (topic, payloads, rate) = streams[s];
                // Copies are shifted by a fraction of a period, as the harness's are.
                while (next[s] / rate + s / (double)streams.Count / rate <= elapsedS)
                {
                    var payload = (byte[])payloads[(int)(next[s] % payloads.Count)].Clone();
                    BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(8), (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100);
                    BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(16), (uint)next[s]);
                    await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).Build(), cancellationToken);
                    next[s]++;
                    published++;
                }
            }

            await Task.Delay(1, cancellationToken);
        }

        await client.DisconnectAsync(cancellationToken: CancellationToken.None);
        return published;
    }
}
