using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Playback;

/// <summary>
/// Plays the raw channels of an MCAP recording (topics containing <c>/raw/</c>) in log-time order, each message at its
/// original time divided by the speed factor, through a publish delegate (the bridge and <c>rovdsp-replay play</c> hand
/// it an MQTT link; Replay itself knows nothing of MQTT).
/// <para>
/// Two threads of its own: a reader that decompresses chunks and copies messages into pooled buffers ahead of time
/// (a bounded queue of <see cref="PlaybackOptions.ReadAhead"/> messages), and a timing thread that only waits and
/// publishes. Decoding a 1 MB zstd chunk takes milliseconds; done on the timing path it made the first message of every
/// chunk late (3.2 ms p99 at 1x). The timing thread sleeps until <see cref="PlaybackOptions.SpinWindow"/> before the due
/// time (<see cref="PreciseSleep"/>: sub-millisecond on Linux) and spins the rest on the <see cref="Stopwatch"/>. A publish
/// that does not complete at once (a large frame filling the socket) is left running while the next message is waited
/// for, and awaited only before that next message goes out, so messages stay in order. Lateness is the
/// <see cref="Stopwatch"/> time at which a message was handed to the publisher minus its due time.
/// </para>
/// </summary>
public sealed class RecordingPlayer : IDisposable
{
    private readonly McapReader _reader;
    private readonly PlaybackOptions _options;
    private readonly HashSet<ushort> _channels = [];
    private readonly List<string> _topics = [];
    private readonly Dictionary<ushort, string> _topicOf = [];
    private readonly HashSet<ushort> _wire = [];
    private readonly ulong _first;
    private readonly ulong _last;
    private readonly float[] _lateness;
    private long _published;
    private long _positionNs;
    private long _latenessTicksMax;
    private int _playing;

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
            _topicOf[id] = channel.Topic;
            if (channel.MessageEncoding == Recording.RecordingTopics.WireEncoding)
            {
                _wire.Add(id);
            }

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

    /// <summary>Log time of the message published last, seconds after the recording's first message (readable while
    /// playing, for progress).</summary>
    public double PositionSeconds => Interlocked.Read(ref _positionNs) / 1e9;

    /// <summary>Largest lateness so far, milliseconds (readable while playing).</summary>
    public double LatenessMaxMs => Interlocked.Read(ref _latenessTicksMax) * 1000.0 / Stopwatch.Frequency;

    /// <summary>Plays the window once, or until cancelled when looping; returns the report. Cancellation ends the
    /// playback quietly (the report covers what was published). The delegate is called on the player's timing thread,
    /// one message at a time, in log-time order; the payload stays valid until the returned task completes.</summary>
    public async Task<PlaybackReport> PlayAsync(
        Func<string, ReadOnlyMemory<byte>, CancellationToken, ValueTask> publish, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publish);
        if (Interlocked.Exchange(ref _playing, 1) != 0)
        {
            throw new InvalidOperationException("The player is already playing.");
        }

        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var queue = Channel.CreateBounded<Queued>(new BoundedChannelOptions(_options.ReadAhead)
            {
                SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait,
            });
            var done = new TaskCompletionSource<PlaybackReport>(TaskCreationOptions.RunContinuationsAsynchronously);
            var readError = default(Exception);
            var reader = new Thread(() => readError = ReadAhead(queue, stop.Token)) { IsBackground = true, Name = "rovdsp-player-read" };
            var timing = new Thread(() =>
            {
                PlaybackReport? report = null;
                Exception? failure = null;
                try
                {
                    report = PlayQueued(queue.Reader, publish, stop.Token, cancellationToken);
                }
#pragma warning disable CA1031 // Handed to the awaiting caller, not swallowed.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = ex;
                }

                // Ends the reader when the timing side stops first (cancelled, or the publisher failed); before the
                // result is handed over, because the caller disposes the source once it has the result.
                stop.Cancel();
                if (failure is null)
                {
                    done.SetResult(report!);
                }
                else
                {
                    done.SetException(failure);
                }
            })
            { IsBackground = true, Name = "rovdsp-player-timing", Priority = ThreadPriority.AboveNormal };
            reader.Start();
            timing.Start();
            try
            {
                return await done.Task.ConfigureAwait(false);
            }
            finally
            {
                reader.Join();
                timing.Join();
                while (queue.Reader.TryRead(out var left))
                {
                    ArrayPool<byte>.Shared.Return(left.Buffer);
                }

                if (readError is not null && !cancellationToken.IsCancellationRequested && done.Task.IsCompletedSuccessfully)
                {
                    throw new InvalidDataException("Reading the recording failed: " + readError.Message, readError);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _playing, 0);
        }
    }

    /// <summary>The reader thread: every pass over the window, messages copied into pooled buffers, queued in order.
    /// Returns the exception that ended it early, if any (cancellation is not one).</summary>
    private Exception? ReadAhead(Channel<Queued> channel, CancellationToken stop)
    {
        var writer = channel.Writer;
        var queue = channel.Reader;
        var from = _first + SecondsToNs(_options.FromSeconds ?? 0);
        var to = _options.ToSeconds is { } t ? _first + SecondsToNs(t) : ulong.MaxValue;
        // A loop continues the dive: later passes' times and sequences move on (LoopRestamper).
        var restamper = _options.Loop ? new LoopRestamper() : null;
        try
        {
            var pass = 0;
            do
            {
                pass++;
                var any = false;
                foreach (var message in _reader.ReadMessages(from, to, _channels))
                {
                    var length = message.Data.Length;
                    var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                    message.Data.Span.CopyTo(buffer);
                    if (restamper is not null)
                    {
                        var wire = _wire.Contains(message.ChannelId);
                        if (pass == 1)
                        {
                            restamper.Observe(message.ChannelId, message.LogTime, message.Data.Span, wire);
                        }
                        else if (wire)
                        {
                            restamper.Apply(message.ChannelId, pass, buffer.AsSpan(0, length));
                        }
                    }

                    var item = new Queued(_topicOf[message.ChannelId], buffer, length, message.LogTime, pass, !any);
                    any = true;
                    while (!writer.TryWrite(item))
                    {
                        // Full: far enough ahead. Sleep until half of it has gone out, rather than waiting on the queue,
                        // which would wake this thread for every message taken: on a two-core machine that is a context
                        // switch per message competing with the timing thread.
                        do
                        {
                            if (stop.WaitHandle.WaitOne(1))
                            {
                                ArrayPool<byte>.Shared.Return(buffer);
                                return null;
                            }
                        }
                        while (queue.Count > _options.ReadAhead / 2);
                    }
                }

                if (!any)
                {
                    break;
                }
            }
            while (_options.Loop && !stop.IsCancellationRequested);
            return null;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // Reported by PlayAsync once the timing thread has drained what was read.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>The timing thread: waits for each message's due time and publishes it.</summary>
    private PlaybackReport PlayQueued(
        ChannelReader<Queued> queue, Func<string, ReadOnlyMemory<byte>, CancellationToken, ValueTask> publish,
        CancellationToken stop, CancellationToken caller)
    {
        PreciseSleep.TightenCurrentThread();
        var speed = _options.Speed;
        var spinTicks = (long)(_options.SpinWindow.TotalSeconds * Stopwatch.Frequency);
        var ticksPerNs = Stopwatch.Frequency / 1e9 / (speed > 0 ? speed : 1);
        long count = 0;
        var passes = 0;
        var started = Stopwatch.GetTimestamp();
        long passStart = started;
        ulong passFirst = 0, spanFirst = 0, spanLast = 0;
        ValueTask pending = default;
        byte[]? pendingBuffer = null;
        try
        {
            while (true)
            {
                if (!queue.TryRead(out var item))
                {
                    // Reader behind (only at the start, or at speed max): block until it catches up or ends.
                    if (!queue.WaitToReadAsync(stop).AsTask().GetAwaiter().GetResult())
                    {
                        break;
                    }

                    continue;
                }

                if (item.PassStart)
                {
                    passes = item.Pass;
                    passStart = Stopwatch.GetTimestamp();
                    passFirst = item.LogTime;
                    spanFirst = item.LogTime;
                }

                spanLast = item.LogTime;

                // The previous publish must finish before this message goes out (order); it normally finished long
                // ago, and waiting for it here, before the due time, costs this message nothing.
                Complete(ref pending, ref pendingBuffer);
                float lateMs = 0;
                if (speed > 0)
                {
                    var due = passStart + (long)((item.LogTime - passFirst) * ticksPerNs);
                    WaitUntil(due, spinTicks, stop);
                    var late = Stopwatch.GetTimestamp() - due;
                    lateMs = (float)(late * 1000.0 / Stopwatch.Frequency);
                    if (late > Interlocked.Read(ref _latenessTicksMax))
                    {
                        Interlocked.Exchange(ref _latenessTicksMax, late);
                    }
                }

                _lateness[(int)(count % _lateness.Length)] = lateMs;
                count++;
                pending = publish(item.Topic, item.Buffer.AsMemory(0, item.Length), stop);
                pendingBuffer = item.Buffer;
                if (pending.IsCompletedSuccessfully)
                {
                    pending = default;
                    ArrayPool<byte>.Shared.Return(pendingBuffer);
                    pendingBuffer = null;
                }

                Interlocked.Increment(ref _published);
                Interlocked.Exchange(ref _positionNs, (long)(item.LogTime - _first));
            }

            Complete(ref pending, ref pendingBuffer);
        }
        catch (OperationCanceledException) when (caller.IsCancellationRequested)
        {
            // A stop request ends the playback; the report covers what went out.
            try
            {
                Complete(ref pending, ref pendingBuffer);
            }
            catch (OperationCanceledException)
            {
                // The publish in flight was cancelled with the playback.
            }
        }

        var n = (int)Math.Min(count, _lateness.Length);
        var sorted = _lateness.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        return new PlaybackReport(
            count, Math.Max(passes, 1), Stopwatch.GetElapsedTime(started), TimeSpan.FromTicks((long)((spanLast - spanFirst) / 100)),
            Percentile(sorted, 0.50), Percentile(sorted, 0.99), n == 0 ? 0 : sorted[^1], _topics);
    }

    /// <summary>Waits for a publish still in flight and returns its buffer to the pool.</summary>
    private static void Complete(ref ValueTask pending, ref byte[]? buffer)
    {
        if (buffer is null)
        {
            return;
        }

        var task = pending;
        var rented = buffer;
        pending = default;
        buffer = null;
        try
        {
            if (!task.IsCompleted)
            {
                task.AsTask().GetAwaiter().GetResult();
            }
            else
            {
                task.GetAwaiter().GetResult();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
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

    /// <summary>Sleeps until <paramref name="spinTicks"/> before <paramref name="due"/> (sub-millisecond on Linux, see
    /// <see cref="PreciseSleep"/>), then spins to it on the <see cref="Stopwatch"/>.</summary>
    private static void WaitUntil(long due, long spinTicks, CancellationToken stop)
    {
        // Long waits in slices, so a stop request is seen within a few milliseconds.
        var slice = Stopwatch.Frequency / 50;
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var remaining = due - Stopwatch.GetTimestamp() - spinTicks;
            if (remaining <= 0)
            {
                break;
            }

            if (!PreciseSleep.IsPrecise && remaining < Stopwatch.Frequency / 1000)
            {
                break;
            }

            PreciseSleep.Sleep(Math.Min(remaining, slice));
        }

        while (Stopwatch.GetTimestamp() < due)
        {
            Thread.SpinWait(20);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();

    /// <summary>One message read ahead: its topic, a pooled copy of its payload, its log time and pass.</summary>
    private readonly record struct Queued(string Topic, byte[] Buffer, int Length, ulong LogTime, int Pass, bool PassStart);
}
