using System.Diagnostics;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Playback;

/// <summary>
/// Plays the raw channels of an MCAP recording (topics containing <c>/raw/</c>) in log-time order, each message at its
/// original time divided by the speed factor, through a publish delegate (the bridge hands it an MQTT link; Replay
/// itself knows nothing of MQTT). The wait is a timer sleep up to <see cref="PlaybackOptions.SpinWindow"/> before the
/// due time, then spins until it: the OS timer alone wakes up about a millisecond late, the spin holds the
/// lateness to tens of microseconds on an idle core. Lateness of every message is kept for p50/p99.
/// </summary>
public sealed class RecordingPlayer : IDisposable
{
    private readonly McapReader _reader;
    private readonly PlaybackOptions _options;
    private readonly HashSet<ushort> _channels = [];
    private readonly List<string> _topics = [];
    private readonly ulong _first;
    private readonly ulong _last;
    private readonly float[] _lateness;
    private long _published;

    /// <summary>Opens a player on <paramref name="stream"/> (seekable, with a summary section).</summary>
    public RecordingPlayer(Stream stream, PlaybackOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _options = options ?? new PlaybackOptions();
        _options.Validate();
        _reader = new McapReader(stream, null, leaveOpen);
        var summary = _reader.ReadSummary();
        foreach (var (id, channel) in summary.Channels)
        {
            if (channel.Topic.Contains("/raw/", StringComparison.Ordinal) && TopicFilter.MatchesAny(_options.TopicFilters, channel.Topic))
            {
                _channels.Add(id);
                _topics.Add(channel.Topic);
            }
        }

        _topics.Sort(StringComparer.Ordinal);
        if (summary.Statistics is { MessageCount: > 0 } statistics)
        {
            _first = statistics.MessageStartTime;
            _last = statistics.MessageEndTime;
        }
        else
        {
            _first = ulong.MaxValue;
            foreach (var index in summary.ChunkIndexes)
            {
                _first = Math.Min(_first, index.MessageStartTime);
                _last = Math.Max(_last, index.MessageEndTime);
            }

            if (_first == ulong.MaxValue)
            {
                _first = 0;
            }
        }

        _lateness = new float[_options.LatenessCapacity];
    }

    /// <summary>Opens a player on the file at <paramref name="path"/>.</summary>
    public static RecordingPlayer Open(string path, PlaybackOptions? options = null) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), options);

    /// <summary>The raw topics that will be played (after the filters), sorted.</summary>
    public IReadOnlyList<string> Topics => _topics;

    /// <summary>Log time of the recording's first message (ns).</summary>
    public ulong StartTime => _first;

    /// <summary>Log time of the recording's last message (ns).</summary>
    public ulong EndTime => _last;

    /// <summary>Messages published so far (readable while playing).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Plays the window once, or until cancelled when looping; returns the report. Cancellation ends the
    /// playback quietly (the report covers what was published).</summary>
    public async Task<PlaybackReport> PlayAsync(
        Func<string, ReadOnlyMemory<byte>, CancellationToken, ValueTask> publish, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publish);
        var from = _first + SecondsToNs(_options.FromSeconds ?? 0);
        var to = _options.ToSeconds is { } t ? _first + SecondsToNs(t) : ulong.MaxValue;
        var topicOf = new Dictionary<ushort, string>();
        foreach (var (id, channel) in _reader.ReadSummary().Channels)
        {
            topicOf[id] = channel.Topic;
        }

        var speed = _options.Speed;
        var spin = _options.SpinWindow;
        long count = 0;
        var passes = 0;
        var started = Stopwatch.GetTimestamp();
        ulong spanFirst = 0, spanLast = 0;
        try
        {
            do
            {
                passes++;
                var passStart = Stopwatch.GetTimestamp();
                var any = false;
                ulong passFirst = 0;
                foreach (var message in _reader.ReadMessages(from, to, _channels))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!any)
                    {
                        any = true;
                        passFirst = message.LogTime;
                        spanFirst = message.LogTime;
                    }

                    spanLast = message.LogTime;
                    double lateMs = 0;
                    if (speed > 0)
                    {
                        var offset = TimeSpan.FromTicks((long)((message.LogTime - passFirst) / 100 / speed));
                        var due = passStart + (long)(offset.TotalSeconds * Stopwatch.Frequency);
                        await WaitUntilAsync(due, spin, cancellationToken).ConfigureAwait(false);
                        lateMs = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
                    }

                    _lateness[(int)(count % _lateness.Length)] = (float)lateMs;
                    count++;
                    await publish(topicOf[message.ChannelId], message.Data, cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _published);
                }

                if (!any)
                {
                    break;
                }
            }
            while (_options.Loop && !cancellationToken.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A stop request ends the playback; the report covers what went out.
        }

        var n = (int)Math.Min(count, _lateness.Length);
        var sorted = _lateness.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        return new PlaybackReport(
            count, passes, Stopwatch.GetElapsedTime(started), TimeSpan.FromTicks((long)((spanLast - spanFirst) / 100)),
            Percentile(sorted, 0.50), Percentile(sorted, 0.99), n == 0 ? 0 : sorted[^1], _topics);
    }

    /// <summary>Nearest-rank percentile of sorted values (0 when empty).</summary>
    private static double Percentile(float[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static ulong SecondsToNs(double seconds) => (ulong)Math.Round(seconds * 1e9);

    private static async ValueTask WaitUntilAsync(long due, TimeSpan spin, CancellationToken cancellationToken)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (remaining > spin)
        {
            await Task.Delay(remaining - spin, cancellationToken).ConfigureAwait(false);
        }

        // The last stretch (at most the spin window): a busy wait, because a yield or sleep on a loaded machine can
        // hand the core away for a whole scheduler slice (several ms).
        while (Stopwatch.GetTimestamp() < due)
        {
            Thread.SpinWait(20);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}
