using System.Buffers;
using System.Globalization;
using System.Threading.Channels;
using MQTTnet;
using RovDsp.Bridge.Connection;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Recording;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>
/// One <c>record</c> run: an MQTT subscription feeding a <see cref="LiveRecorder"/>. MQTTnet runs the receive handler on
/// the one task draining its internal queue (see <see cref="MqttLink"/>), so the handler only copies the payload into a
/// pooled buffer and queues it; a drain task writes the queue into the file, and a timer queues a flush marker every
/// flush interval so the flush happens between messages on that same task. The queue is bounded: when it is full the
/// handler waits, the MQTT client stops reading, and the broker holds the messages (TCP flow control) instead of the
/// recorder losing them.
/// </summary>
internal sealed class MqttRecording : IAsyncDisposable
{
    private readonly LiveRecorder _recorder;
    private readonly MqttLink _link;
    private readonly Channel<Item> _queue;
    private readonly TimeSpan _flushInterval;
    private readonly CancellationTokenSource _stopTimer = new();
    private Task? _drain;
    private Task? _timer;
    private long _received;
    private readonly TaskCompletionSource _writeFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _writeError;
    private long _discarded;

    /// <summary>Creates the run; nothing connects until <see cref="StartAsync"/>.</summary>
    public MqttRecording(Stream output, McapWriterOptions writerOptions, MqttLinkOptions link, TimeSpan flushInterval, IReadOnlyDictionary<string, string> metadata)
    {
        _recorder = new LiveRecorder(output, writerOptions, metadata);
        _flushInterval = flushInterval;
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(64 * 1024)
        {
            SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait,
        });
        _link = new MqttLink(link, OnMessage);
    }

    /// <summary>The recorder (counts, per-group statistics).</summary>
    public LiveRecorder Recorder => _recorder;

    /// <summary>Messages received from the broker (some may still be queued for writing).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages received but not yet written.</summary>
    public long Queued => Received - _recorder.Messages;

    /// <summary>The first write or flush that failed (a full disk: IOException ENOSPC), or null. After it the recorder
    /// writes nothing more: messages are discarded (counted in <see cref="Discarded"/>) so the MQTT client never blocks
    /// on a queue no one drains, and the command stops.</summary>
    public Exception? WriteError => Volatile.Read(ref _writeError);

    /// <summary>Completes when a write or flush fails (<see cref="WriteError"/>).</summary>
    public Task WriteFailed => _writeFailed.Task;

    /// <summary>Messages received after the file could no longer be written.</summary>
    public long Discarded => Interlocked.Read(ref _discarded);

    /// <summary>The link (failure reasons, counters).</summary>
    public MqttLink Link => _link;

    /// <summary>Connections lost so far (the link reconnects and resubscribes on its own).</summary>
    public long Disconnects => _link.Disconnects;

    /// <summary>Connects and subscribes; throws <see cref="MqttLinkException"/> (with the reason) when it cannot.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _drain = Task.Run(DrainAsync, CancellationToken.None);
        _timer = Task.Run(FlushTimerAsync, CancellationToken.None);
        await _link.StartAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disconnects, writes everything still queued and finishes the file (summary, footer).</summary>
    public async ValueTask DisposeAsync()
    {
        await _link.DisposeAsync().ConfigureAwait(false);
        await _stopTimer.CancelAsync().ConfigureAwait(false);
        if (_timer is not null)
        {
            await _timer.ConfigureAwait(false);
        }

        _queue.Writer.TryComplete();
        if (_drain is not null)
        {
            await _drain.ConfigureAwait(false);
        }

        try
        {
            if (WriteError is null)
            {
                _recorder.Dispose();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Finishing the file (summary, footer) failed too: the file ends at its last flush, which repair reads.
            Fail(ex);
        }
        finally
        {
            _stopTimer.Dispose();
        }
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        var receivedNs = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100UL;
        var message = e.ApplicationMessage;
        var payload = message.Payload;
        var length = checked((int)payload.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        payload.CopyTo(buffer);
        var item = new Item(message.Topic, buffer, length, message.ContentType, receivedNs);
        Interlocked.Increment(ref _received);
        return _queue.Writer.TryWrite(item) ? Task.CompletedTask : _queue.Writer.WriteAsync(item).AsTask();
    }

    private async Task FlushTimerAsync()
    {
        using var timer = new PeriodicTimer(_flushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopTimer.Token).ConfigureAwait(false))
            {
                await _queue.Writer.WriteAsync(Item.FlushMarker, _stopTimer.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the recording.
        }
        catch (ChannelClosedException)
        {
            // The queue was completed first.
        }
    }

    private async Task DrainAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                try
                {
                    if (WriteError is not null)
                    {
                        if (item.Buffer is not null)
                        {
                            Interlocked.Increment(ref _discarded);
                        }
                    }
                    else if (item.Buffer is null)
                    {
                        _recorder.Flush();
                    }
                    else
                    {
                        _recorder.Write(item.Topic, item.Buffer.AsSpan(0, item.Length), item.ContentType, item.ReceivedNs);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Fail(ex);
                }
                finally
                {
                    if (item.Buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(item.Buffer);
                    }
                }
            }
        }
    }

    private void Fail(Exception ex)
    {
        Interlocked.CompareExchange(ref _writeError, ex, null);
        _writeFailed.TrySetResult();
    }

    /// <summary>A metadata value for the recording's <c>record</c> record: the UTC time now, ISO 8601.</summary>
    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>One queued message (or, with no buffer, the flush marker).</summary>
    private readonly record struct Item(string Topic, byte[]? Buffer, int Length, string? ContentType, ulong ReceivedNs)
    {
        public static Item FlushMarker => new(string.Empty, null, 0, null, 0);
    }
}
